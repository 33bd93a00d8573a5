import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createSlackAdapter,
  type HomeProvider,
  type SlackAdapter,
} from '../../../src/adapters/slack/create-slack-adapter.ts';
import { createMemoryKeyStore, type SlackKeyStore } from '../../../src/adapters/slack/keys.ts';
import { unescapeMrkdwn } from '../../../src/adapters/slack/render.ts';
import type { Incoming, MessageHandler, Outgoing } from '../../../src/ports/chat.ts';
import { BOT, FakeSlack, type Payload, SlackPayloads, TestReceiver } from '../../support/fake-slack.ts';

const TOKEN = 'xoxb-4123456789-7123456789012-TestBotTokenBalangan';
const DM = 'D07SITIPOKIN';
const CHANNEL = 'C07RENJA2025';

/** A stand-in for the app: records what it was given and answers from a script. */
class ScriptedHandler implements MessageHandler {
  readonly received: Incoming[] = [];
  constructor(private readonly script: (incoming: Incoming) => Outgoing[] | Promise<Outgoing[]>) {}
  async handle(incoming: Incoming): Promise<Outgoing[]> {
    this.received.push(incoming);
    return this.script(incoming);
  }
}

const OUTCOME = 'Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas';
const EDITED = 'Meningkatnya Kualitas Infrastruktur Teknologi Informasi Pemerintah Daerah';

/** Tahap 1 as the app would say it: pick the unit, see the proposed outcome, edit it in a modal. */
function tahap1(incoming: Incoming): Outgoing[] {
  const progress = 'Tahap 1/5 · Outcome';
  if (incoming.kind === 'command' && incoming.command === 'mulai') {
    return [
      {
        progress,
        title: 'Pohon kinerja baru',
        text: 'Untuk unit kerja mana pohon kinerja ini disusun?',
        buttons: [
          [{ label: 'Diskominfosan Kab. Balangan', value: 'unit:diskominfosan' }],
          [{ label: 'Unit kerja lain', value: 'unit:lain' }],
        ],
      },
    ];
  }
  if (incoming.kind === 'choice' && incoming.value === 'unit:diskominfosan') {
    return [
      {
        editsMessageId: incoming.messageId,
        progress,
        title: 'Unit kerja',
        text: 'Dinas Komunikasi, Informatika, Statistik dan Persandian Kabupaten Balangan ✓',
      },
      {
        progress,
        title: 'Usulan outcome',
        text: `Usulan rumusan outcome:\n\n• ${OUTCOME}\n\nApakah rumusan ini sudah tepat?`,
        buttons: [
          [
            { label: 'Ya, simpan', value: 'outcome:ok' },
            { label: 'Ubah', value: 'outcome:ubah' },
          ],
        ],
      },
    ];
  }
  if (incoming.kind === 'choice' && incoming.value === 'outcome:ubah') {
    return [
      {
        progress,
        text: 'Silakan ubah rumusan outcome.',
        editor: { title: 'Ubah outcome', initial: OUTCOME, submitValue: '' },
      },
    ];
  }
  if (incoming.kind === 'text') {
    return [
      {
        progress,
        title: 'Outcome tersimpan',
        text: incoming.text,
        buttons: [[{ label: 'Lanjut ke Tahap 2', value: 'tahap:2' }]],
      },
    ];
  }
  return [{ text: 'Maaf, saya belum paham.' }];
}

describe('Slack adapter through a test receiver (real Bolt, fake Web API)', () => {
  let fake: FakeSlack;
  let receiver: TestReceiver;
  let adapter: SlackAdapter | undefined;
  let keys: SlackKeyStore;
  let logs: Array<{ event: string; detail: Record<string, unknown> }>;
  let person: SlackPayloads;

  beforeEach(async () => {
    fake = await new FakeSlack().start();
    receiver = new TestReceiver();
    keys = createMemoryKeyStore();
    logs = [];
    person = new SlackPayloads('U05SITIRAHMA', DM, fake.base);
  });
  afterEach(async () => {
    await adapter?.stop();
    adapter = undefined;
    await fake.stop();
  });

  async function startWith(handler: MessageHandler, home?: HomeProvider) {
    adapter = createSlackAdapter({
      token: TOKEN,
      mode: { kind: 'receiver', receiver },
      handler,
      keys,
      home,
      apiUrl: fake.apiUrl,
      retryConfig: { retries: 3, factor: 1, minTimeout: 5, maxTimeout: 5 },
      log: (event, detail) => logs.push({ event, detail }),
    });
    await adapter.start();
    return adapter;
  }

  async function send(body: Payload, extra: { retryNum?: number } = {}) {
    const delivery = receiver.deliver(body, extra);
    await delivery.done;
    return delivery;
  }

  /** The chat calls after start (auth.test), as [method, params]. */
  const chatCalls = () =>
    fake.calls.filter((c) => c.method !== 'auth.test').map((c) => [c.method, c.params] as const);

  it('checks the token once with auth.test, and every call carries the bot token', async () => {
    await startWith(new ScriptedHandler(tahap1));
    expect(fake.calls.map((c) => c.method)).toEqual(['auth.test']);
    expect(adapter?.identity()).toEqual({ userId: BOT.userId, botId: BOT.botId });
    await send(person.command('mulai'));
    expect(fake.calls.every((c) => c.token === TOKEN)).toBe(true);
  });

  it('runs /pokin mulai through Tahap 1 with buttons, an in-place edit and a modal edit', async () => {
    const handler = new ScriptedHandler(tahap1);
    await startWith(handler);

    const command = person.command('mulai');
    const first = await send(command);
    expect(await first.acked).toBeUndefined();
    expect(first.ackCount()).toBe(1);
    expect(chatCalls()).toEqual([
      [
        'chat.postMessage',
        {
          channel: DM,
          text: 'Pohon kinerja baru',
          blocks: [
            { type: 'context', elements: [{ type: 'mrkdwn', text: 'Tahap 1/5 · Outcome', verbatim: true }] },
            {
              type: 'section',
              text: {
                type: 'mrkdwn',
                text: '*Pohon kinerja baru*\nUntuk unit kerja mana pohon kinerja ini disusun?',
                verbatim: true,
              },
            },
            {
              type: 'actions',
              elements: [
                {
                  type: 'button',
                  action_id: 'pokin:choice:0',
                  text: { type: 'plain_text', text: 'Diskominfosan Kab. Balangan', emoji: true },
                  value: 'unit:diskominfosan',
                },
              ],
            },
            {
              type: 'actions',
              elements: [
                {
                  type: 'button',
                  action_id: 'pokin:choice:1',
                  text: { type: 'plain_text', text: 'Unit kerja lain', emoji: true },
                  value: 'unit:lain',
                },
              ],
            },
          ],
          unfurl_links: 'false',
          unfurl_media: 'false',
        },
      ],
    ]);
    expect(handler.received[0]).toMatchObject({
      platform: 'slack',
      kind: 'command',
      command: 'mulai',
      args: '',
      chatType: 'private',
      conversation: { platform: 'slack', chatId: DM },
      user: { id: 'U05SITIRAHMA', name: 'siti.rahmawati' },
      updateId: `command:${command.trigger_id}`,
    });

    // The question's ts, as Slack gave it back.
    const questionTs = await lastTs(fake);
    fake.calls.length = 0;
    await send(person.tap('unit:diskominfosan', questionTs, { actionId: 'pokin:choice:0' }));
    expect(chatCalls().map(([method, params]) => [method, params.channel, params.ts ?? null])).toEqual([
      ['chat.update', DM, questionTs],
      ['chat.postMessage', DM, null],
    ]);
    const update = fake.callsOf('chat.update')[0]?.params;
    expect(update?.blocks).toEqual([
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Tahap 1/5 · Outcome', verbatim: true }] },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: '*Unit kerja*\nDinas Komunikasi, Informatika, Statistik dan Persandian Kabupaten Balangan ✓',
          verbatim: true,
        },
      },
    ]);
    const proposal = fake.callsOf('chat.postMessage')[0]?.params;
    expect(proposal?.blocks).toContainEqual({
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: 'pokin:choice:0',
          text: { type: 'plain_text', text: 'Ya, simpan', emoji: true },
          value: 'outcome:ok',
        },
        {
          type: 'button',
          action_id: 'pokin:choice:1',
          text: { type: 'plain_text', text: 'Ubah', emoji: true },
          value: 'outcome:ubah',
        },
      ],
    });
    expect(handler.received[1]).toMatchObject({
      kind: 'choice',
      value: 'unit:diskominfosan',
      messageId: questionTs,
    });

    // "Ubah" opens the modal with this tap's trigger, prefilled with the outcome.
    const proposalTs = await lastTs(fake);
    fake.calls.length = 0;
    const tap = person.tap('outcome:ubah', proposalTs, { actionId: 'pokin:choice:1' });
    await send(tap);
    expect(chatCalls().map(([method]) => method)).toEqual(['chat.postMessage', 'views.open']);
    const open = fake.callsOf('views.open')[0]?.params;
    expect(open?.trigger_id).toBe(tap.trigger_id);
    const view = open?.view as Payload;
    expect(view).toMatchObject({
      type: 'modal',
      callback_id: 'pokin_editor',
      title: { type: 'plain_text', text: 'Ubah outcome' },
      submit: { type: 'plain_text', text: 'Simpan' },
      close: { type: 'plain_text', text: 'Batal' },
      blocks: [
        {
          type: 'input',
          block_id: 'editor',
          element: { type: 'plain_text_input', action_id: 'text', multiline: true, initial_value: OUTCOME },
        },
      ],
    });

    // Simpan: the modal closes (plain ack) and the edited text reaches the app as typed text.
    fake.calls.length = 0;
    const submission = person.submit(String(view.private_metadata), EDITED);
    const saved = await send(submission);
    expect(await saved.acked).toBeUndefined();
    expect(handler.received[3]).toMatchObject({
      kind: 'text',
      text: EDITED,
      conversation: { platform: 'slack', chatId: DM },
      user: { id: 'U05SITIRAHMA' },
      updateId: `view:${submission.view.id}:${submission.view.hash}`,
    });
    expect(
      chatCalls().map(([method, params]) => [method, unescapeMrkdwn(JSON.stringify(params.blocks))]),
    ).toEqual([['chat.postMessage', expect.stringContaining(EDITED)]]);
  });

  it('keeps an empty modal open with an error instead of sending nothing to the app', async () => {
    const handler = new ScriptedHandler(tahap1);
    await startWith(handler);
    await send(person.tap('outcome:ubah', '1718000500.000100', { actionId: 'pokin:choice:1' }));
    const view = fake.callsOf('views.open')[0]?.params.view as Payload;
    const delivery = await send(person.submit(String(view.private_metadata), '   '));
    expect(await delivery.acked).toEqual({
      response_action: 'errors',
      errors: { editor: 'Teks tidak boleh kosong. Tulis rumusan baru, lalu klik Simpan.' },
    });
    expect(handler.received.map((i) => i.kind)).toEqual(['choice']);
  });

  it('maps a submitValue with {text} to a choice carrying the edited formula', async () => {
    const handler = new ScriptedHandler((incoming) =>
      incoming.kind === 'command'
        ? [
            {
              text: 'Ubah formula indikator 1.1.',
              editor: {
                title: 'Formula indikator',
                initial: 'Jumlah KIM aktif / jumlah desa × 100%',
                submitValue: 'formula:bal.1.1:{text}',
              },
            },
          ]
        : [{ text: 'Formula tersimpan.' }],
    );
    await startWith(handler);
    await send(person.command('ubah 1.1'));
    const view = fake.callsOf('views.open')[0]?.params.view as Payload;
    await send(person.submit(String(view.private_metadata), 'Jumlah KIM yang melapor / jumlah KIM × 100%'));
    expect(handler.received[1]).toMatchObject({
      kind: 'choice',
      value: 'formula:bal.1.1:Jumlah KIM yang melapor / jumlah KIM × 100%',
    });
  });

  it('offers an "open editor" button when the trigger has expired, and opens the modal from its tap', async () => {
    fake.failNext('views.open', { error: 'expired_trigger_id' });
    const handler = new ScriptedHandler(tahap1);
    await startWith(handler);
    await send(person.tap('outcome:ubah', '1718000500.000100', { actionId: 'pokin:choice:1' }));
    expect(chatCalls().map(([method]) => method)).toEqual([
      'chat.postMessage',
      'views.open',
      'chat.postMessage',
    ]);
    const prompt = fake.callsOf('chat.postMessage')[1]?.params.blocks as Payload[];
    const button = prompt[1]?.elements[0];
    expect(button).toMatchObject({ action_id: 'pokin:editor', text: { text: '✏️ Buka editor' } });

    const promptTs = await lastTs(fake);
    fake.calls.length = 0;
    const tap = person.tap(button.value, promptTs, { actionId: 'pokin:editor' });
    await send(tap);
    expect(chatCalls().map(([method, params]) => [method, params.trigger_id])).toEqual([
      ['views.open', tap.trigger_id],
    ]);
    // Opening the editor is the adapter's own business: the app is not asked.
    expect(handler.received.map((i) => i.kind)).toEqual(['choice']);

    // An editor button whose editor is gone (its row was lost) says so where it was tapped.
    fake.calls.length = 0;
    await send(person.tap('#k:AAAAAAAAAAAAAAAAAAAAAA', promptTs, { actionId: 'pokin:editor' }));
    expect(chatCalls().map(([method, params]) => [method, params.channel, params.text])).toEqual([
      [
        'chat.postMessage',
        DM,
        'Isian ini sudah tidak berlaku (sesi sudah berganti). Ketik /pokin bantuan untuk melihat langkah Anda sekarang.',
      ],
    ]);
  });

  it('acknowledges a slash command before the app has answered', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started: () => void = () => {};
    const handlerStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    const handler = new ScriptedHandler(async () => {
      started();
      await gate;
      return [{ text: 'Ekspor selesai.' }];
    });
    await startWith(handler);
    const delivery = receiver.deliver(person.command('ekspor'));
    try {
      await delivery.acked;
      await handlerStarted;
      expect(delivery.ackCount()).toBe(1);
      expect(fake.callsOf('chat.postMessage')).toEqual([]);
    } finally {
      release();
    }
    await delivery.done;
    expect(fake.callsOf('chat.postMessage')).toHaveLength(1);
  });

  it('applies a retried event once', async () => {
    const handler = new ScriptedHandler(tahap1);
    await startWith(handler);
    const message = person.dmText(OUTCOME);
    await send(message);
    await send(structuredClone(message), { retryNum: 1 });
    await send(structuredClone(message), { retryNum: 2 });
    expect(handler.received).toHaveLength(1);
    expect(handler.received[0]).toMatchObject({ kind: 'text', text: OUTCOME, updateId: message.event_id });
    expect(fake.callsOf('chat.postMessage')).toHaveLength(1);
  });

  it('handles one conversation in order while another proceeds', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const handler = new ScriptedHandler(async (incoming) => {
      if (incoming.kind === 'text' && incoming.text === 'pertama') await gate;
      return [{ text: `Balasan untuk ${incoming.kind === 'text' ? incoming.text : '?'}` }];
    });
    await startWith(handler);
    const other = new SlackPayloads('U05BUDI', 'D07BUDIPOKIN');
    const a = receiver.deliver(person.dmText('pertama'));
    const b = receiver.deliver(person.dmText('kedua'));
    const c = receiver.deliver(other.dmText('dari Budi'));
    try {
      await c.done;
      expect(fake.callsOf('chat.postMessage').map((call) => call.params.channel)).toEqual(['D07BUDIPOKIN']);
    } finally {
      release();
    }
    await Promise.all([a.done, b.done]);
    expect(
      fake
        .callsOf('chat.postMessage')
        .filter((call) => call.params.channel === DM)
        .map((call) => call.params.text),
    ).toEqual(['Balasan untuk pertama', 'Balasan untuk kedua']);
  });

  it('renders hostile text literally in mrkdwn, split within Slack limits', async () => {
    const hostile = '<!channel> *tebal* _miring_ ~coret~ `kode` <http://x|y> & <@U0ADMIN> 🌳🇮🇩';
    const long = Array.from({ length: 90 }, (_, i) => `${i}: ${hostile}`).join('\n');
    await startWith(new ScriptedHandler(() => [{ title: '*<!here>*', progress: '<!everyone>', text: long }]));
    await send(person.dmText('tolong'));
    const sections = fake
      .callsOf('chat.postMessage')
      .flatMap((call) => call.params.blocks as Payload[])
      .filter((b) => b.type === 'section')
      .map((b) => String(b.text.text));
    expect(sections.length).toBeGreaterThan(2);
    for (const text of sections) {
      expect(text.length).toBeLessThanOrEqual(3000);
      expect(text).not.toMatch(/[<>]/);
      // A formatting character is never directly next to a letter, so it cannot open or close a span.
      expect(text.replace(/^\*\u200b\*\u200b&lt;!here&gt;\u200b\*\u200b\*\n/, '')).not.toMatch(
        /[*_~`][^\u200b]|[^\u200b][*_~`]/,
      );
    }
    const [first, ...rest] = sections;
    expect(first?.startsWith('*\u200b*\u200b&lt;!here&gt;\u200b*\u200b*\n')).toBe(true);
    const body = [
      unescapeMrkdwn(first ?? '')
        .split('\n')
        .slice(1)
        .join('\n'),
      ...rest.map(unescapeMrkdwn),
    ].join('\n');
    expect(body).toBe(long);
    const call = paramsOf(fake, 'chat.postMessage');
    expect(call.text).toBe('\u200b*\u200b&lt;!here&gt;\u200b*\u200b');
    expect(call.blocks[0]).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: '&lt;!everyone&gt;', verbatim: true }],
    });
  });

  it('uploads an export with the external upload flow, into the thread', async () => {
    const csv = new TextEncoder().encode(`Kondisi;Indikator\n"${OUTCOME}";Indeks SPBE\n`);
    await startWith(
      new ScriptedHandler(() => [
        {
          text: 'Tabel cascading siap.',
          files: [
            {
              filename: 'cascading-diskominfosan.csv',
              mimeType: 'text/csv',
              data: csv,
              caption: 'Tabel cascading *Diskominfosan*',
            },
          ],
        },
      ]),
    );
    await send(person.mention(CHANNEL, `<@${BOT.userId}> ekspor csv`));
    const threadTs = String(fake.callsOf('chat.postMessage')[0]?.params.thread_ts);
    expect(fake.calls.map((c) => c.method)).toEqual([
      'auth.test',
      'chat.postMessage',
      'files.getUploadURLExternal',
      'upload',
      'files.completeUploadExternal',
    ]);
    expect(fake.callsOf('files.getUploadURLExternal')[0]?.params).toEqual({
      filename: 'cascading-diskominfosan.csv',
      length: String(csv.length),
    });
    expect(fake.uploads).toHaveLength(1);
    expect(new Uint8Array(fake.uploads[0]?.bytes ?? [])).toEqual(csv);
    expect(fake.callsOf('files.completeUploadExternal')[0]?.params).toEqual({
      files: [{ id: fake.uploads[0]?.fileId, title: 'cascading-diskominfosan.csv' }],
      channel_id: CHANNEL,
      thread_ts: threadTs,
      initial_comment: 'Tabel cascading \u200b*\u200bDiskominfosan\u200b*\u200b',
    });
  });

  it('retries after a 429 for the time Slack asks and still delivers', async () => {
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const handler = new ScriptedHandler(tahap1);
    await startWith(handler);
    await send(person.command('mulai'));
    expect(fake.callsOf('chat.postMessage')).toHaveLength(2);
    expect(fake.callsOf('chat.postMessage')[1]?.params.text).toBe('Pohon kinerja baru');
  });

  it('keeps a channel session in the mention thread and takes only replies addressed to the bot', async () => {
    const handler = new ScriptedHandler((incoming) => [
      { text: `Diterima: ${incoming.kind === 'text' ? incoming.text : incoming.kind}` },
    ]);
    await startWith(handler);
    const mention = person.mention(CHANNEL, `<@${BOT.userId}> mulai pohon Diskominfosan`);
    await send(mention);
    const threadTs = String(mention.event.ts);
    expect(handler.received[0]).toMatchObject({
      kind: 'text',
      text: 'mulai pohon Diskominfosan',
      chatType: 'group',
      conversation: { platform: 'slack', chatId: CHANNEL, threadId: threadTs },
    });
    expect(fake.callsOf('chat.postMessage')[0]?.params).toMatchObject({
      channel: CHANNEL,
      thread_ts: threadTs,
    });

    // A reply in that thread (no mention needed), a reply in someone else's thread, a thread reply that
    // mentions the bot (arrives as app_mention too), and a plain channel remark.
    await send(person.threadReply(CHANNEL, threadTs, 'Meningkatnya pemanfaatan data statistik sektoral'));
    await send(person.threadReply(CHANNEL, '1718000999.000100', 'obrolan lain'));
    await send(person.threadReply(CHANNEL, threadTs, `<@${BOT.userId}> lihat`));
    await send(person.mention(CHANNEL, `<@${BOT.userId}> lihat`, { threadTs }));
    const remark = person.dmText('rapat jam 9');
    remark.event.channel = CHANNEL;
    remark.event.channel_type = 'channel';
    await send(remark);

    expect(handler.received.map((i) => (i.kind === 'text' ? i.text : i.kind))).toEqual([
      'mulai pohon Diskominfosan',
      'Meningkatnya pemanfaatan data statistik sektoral',
      'lihat',
    ]);
    expect(handler.received.every((i) => i.conversation.threadId === threadTs)).toBe(true);
  });

  it('starts a thread under an anchor for a slash command in a channel', async () => {
    const handler = new ScriptedHandler(tahap1);
    await startWith(handler);
    await send(person.command('mulai', CHANNEL));
    const [anchor, reply] = fake.callsOf('chat.postMessage');
    expect(anchor?.params).toMatchObject({ channel: CHANNEL });
    expect(anchor?.params.thread_ts).toBeUndefined();
    expect(anchor?.params.text).toBe(
      '🌳 Sesi Pokin dimulai oleh <@U05SITIRAHMA> dengan /pokin mulai. Lanjutkan di utas ini.',
    );
    const anchorTs = String(anchor?.result?.ts);
    expect(reply?.params).toMatchObject({ channel: CHANNEL, thread_ts: anchorTs });
    expect(handler.received[0]?.conversation).toEqual({
      platform: 'slack',
      chatId: CHANNEL,
      threadId: anchorTs,
    });

    // Later replies in the anchor's thread continue the same conversation.
    await send(person.threadReply(CHANNEL, anchorTs, 'Diskominfosan', BOT.userId));
    expect(handler.received[1]?.conversation).toEqual({
      platform: 'slack',
      chatId: CHANNEL,
      threadId: anchorTs,
    });
  });

  it('says so privately when it cannot write in the channel', async () => {
    fake.notInChannel.add('C07PRIVATE01');
    const handler = new ScriptedHandler(tahap1);
    await startWith(handler);
    await send(person.command('mulai', 'C07PRIVATE01'));
    expect(handler.received).toEqual([]);
    expect(fake.callsOf('response_url').map((c) => c.params)).toEqual([
      {
        response_type: 'ephemeral',
        text: 'Pokin belum bisa menulis di kanal ini. Undang Pokin ke kanal (/invite @Pokin) atau kirim pesan langsung ke Pokin, lalu coba lagi.',
      },
    ]);
  });

  it('maps /pokin subcommands like the Telegram commands', async () => {
    const handler = new ScriptedHandler(() => [{ text: 'ok' }]);
    await startWith(handler);
    for (const text of ['pk kabid statistik', 'tautkan K7Q2-MB4X', 'LIHAT', ''])
      await send(person.command(text));
    expect(handler.received.map((i) => (i.kind === 'command' ? [i.command, i.args] : i.kind))).toEqual([
      ['pk', 'kabid statistik'],
      ['tautkan', 'K7Q2-MB4X'],
      ['lihat', ''],
      ['bantuan', ''],
    ]);
  });

  it('sends a long button value as a short key and resolves the tap; an unknown key is refused politely', async () => {
    const longValue = `pilih:${'Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas '.repeat(40)}`;
    const handler = new ScriptedHandler((incoming) =>
      incoming.kind === 'choice'
        ? [{ text: 'Dipilih.' }]
        : [{ text: 'Pilih:', buttons: [[{ label: 'Ini', value: longValue }]] }],
    );
    await startWith(handler);
    await send(person.dmText('usulkan'));
    const sent = paramsOf(fake, 'chat.postMessage').blocks[1].elements[0];
    expect(sent.value).toMatch(/^#k:[A-Za-z0-9_-]{22}$/);
    await send(person.tap(sent.value, await lastTs(fake)));
    expect(handler.received[1]).toMatchObject({ kind: 'choice', value: longValue });

    await send(person.tap('#k:AAAAAAAAAAAAAAAAAAAAAA', await lastTs(fake)));
    expect(handler.received).toHaveLength(2);
    expect(fake.callsOf('chat.postMessage').at(-1)?.params.text).toBe(
      'Tombol ini sudah tidak berlaku. Ketik /pokin bantuan untuk melihat langkah Anda sekarang.',
    );
  });

  it('answers with a short reference when the app fails, and logs the cause', async () => {
    await startWith(
      new ScriptedHandler(() => {
        throw new Error('database unreachable');
      }),
    );
    await send(person.dmText(OUTCOME));
    const text = String(fake.callsOf('chat.postMessage')[0]?.params.text);
    const ref = /\(ref ([0-9a-f]{6})\)/.exec(text)?.[1];
    expect(ref).toBeDefined();
    expect(logs.find((l) => l.event === 'slack.handler_failed')?.detail).toMatchObject({ ref, channel: DM });
  });

  it('publishes App Home with the person’s trees, their Tahap and open findings', async () => {
    const asked: unknown[] = [];
    await startWith(new ScriptedHandler(tahap1), async (user) => {
      asked.push(user);
      return {
        trees: [
          { title: 'Diskominfosan Kab. Balangan 2025–2029', stage: 3, findings: { errors: 2, warnings: 1 } },
          { title: 'Bappeda <Balangan>', stage: 5, findings: { errors: 0, warnings: 0 } },
        ],
      };
    });
    await send(person.homeOpened());
    expect(asked).toEqual([{ platform: 'slack', userId: 'U05SITIRAHMA' }]);
    const publish = paramsOf(fake, 'views.publish');
    expect(publish.user_id).toBe('U05SITIRAHMA');
    expect(publish.view.type).toBe('home');
    const sections = (publish.view.blocks as Payload[])
      .filter((b) => b.type === 'section')
      .map((b) => b.text.text);
    expect(sections).toEqual([
      '*Diskominfosan Kab. Balangan 2025–2029*\nTahap 3/5 · Kondisi antara · 2 kesalahan, 1 peringatan',
      '*Bappeda &lt;Balangan&gt;*\nTahap 5/5 · Perencanaan dan target · tanpa temuan',
    ]);
  });
});

/** The ts Slack gave the last message posted (of those still recorded). */
async function lastTs(fake: FakeSlack): Promise<string> {
  const ts = fake.callsOf('chat.postMessage').at(-1)?.result?.ts;
  if (typeof ts !== 'string') throw new Error('no chat.postMessage answered');
  return ts;
}

/** The params of the index-th recorded call of `method` (throws when there is none). */
function paramsOf(fake: FakeSlack, method: string, index = 0): Payload {
  const call = fake.callsOf(method).at(index);
  if (!call) throw new Error(`no ${method} call #${index}`);
  return call.params;
}
