/**
 * One message model for every chat platform. Adapters turn platform updates into `Incoming` and render
 * `Outgoing` (escaping, keyboards, Block Kit live only in adapters).
 */
import type { ConversationKey, Platform } from './repository.ts';

export interface ChatUser {
  id: string;
  name?: string | undefined;
}

export type ChatType = 'private' | 'group';

export interface IncomingBase {
  platform: Platform;
  /** Platform-unique id of this delivery (Telegram update_id, Slack event_id/trigger), for dedup. */
  updateId: string;
  conversation: ConversationKey;
  chatType: ChatType;
  user: ChatUser;
  /** The platform message id this incoming refers to (the question a button belongs to). */
  messageId?: string | undefined;
}

export type Incoming =
  | (IncomingBase & { kind: 'text'; text: string })
  /** `/mulai`, `/pk kabid statistik`: command without slash, lower case; args as typed. */
  | (IncomingBase & { kind: 'command'; command: string; args: string })
  /** A button tap: the button's value as the app gave it. */
  | (IncomingBase & { kind: 'choice'; value: string })
  /** A sticker, photo, voice note…: answered politely, never stepped. */
  | (IncomingBase & { kind: 'unsupported'; what: string });

export interface Button {
  label: string;
  /** Opaque value returned as `choice` (adapters map long values to short keys where needed). */
  value: string;
}

export interface OutgoingFile {
  filename: string;
  mimeType: string;
  data: Uint8Array;
  caption?: string | undefined;
  /** Render as an image (the tree diagram PNG) where the platform can. */
  asImage?: boolean | undefined;
}

export interface Outgoing {
  /** Where the person is, e.g. "Tahap 3/5 · Kondisi Antara 4/9" (a context line). */
  progress?: string | undefined;
  /** Short bold heading. */
  title?: string | undefined;
  /** Plain text (adapters escape it); paragraphs separated by blank lines; lines starting "• " are a list. */
  text: string;
  /** Rows of buttons. */
  buttons?: Button[][] | undefined;
  files?: OutgoingFile[] | undefined;
  /** Replace the question this answers in place, where the platform can. */
  editsMessageId?: string | undefined;
  /** Ask the platform to open a text editor (Slack modal) prefilled with this text. */
  editor?: { title: string; initial: string; submitValue: string } | undefined;
  /** Pin the message in its chat once sent (a workshop's progress message), where the platform can. */
  pin?: boolean | undefined;
}

/** What the app hands an adapter to send: the conversation and the messages, in order. */
export interface Reply {
  conversation: ConversationKey;
  messages: Outgoing[];
}

/** The app, as an adapter sees it: one incoming message in, the immediate replies out (in order). */
export interface MessageHandler {
  handle(incoming: Incoming): Promise<Outgoing[]>;
}

/** Pushes messages outside a reply (a workshop round closing on its timer, a slow export finishing). */
export interface ChatSender {
  /** Resolves with the platform ids of the messages sent, one per Outgoing, where the adapter knows them. */
  // biome-ignore lint/suspicious/noConfusingVoidType: senders written before ids were returned stay valid
  send(reply: Reply): Promise<string[] | undefined | void>;
}
