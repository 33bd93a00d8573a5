/**
 * Wiring for the Slack app: reads SLACK_* from the environment and builds the adapter around the app's
 * MessageHandler, with long button values, modal editors and known threads kept in the conversation
 * store (so they survive restarts and work across processes). Socket Mode when SLACK_APP_TOKEN is set,
 * the signed HTTP receiver otherwise. Returns undefined when no bot token is set.
 */
import {
  createSlackAdapter,
  type HomeProvider,
  type SlackAdapter,
  type SlackAdapterOptions,
  type SlackMode,
} from '../../adapters/slack/create-slack-adapter.ts';
import { createConversationKeyStore } from '../../adapters/slack/keys.ts';
import { HOME_TREES } from '../../adapters/slack/render.ts';
import { err, ok, type Result } from '../../core/result.ts';
import { checkTree } from '../../core/rules/index.ts';
import type { MessageHandler } from '../../ports/chat.ts';
import type { ConversationStore, TreeRepository } from '../../ports/repository.ts';

type Env = Record<string, string | undefined>;

/** Socket Mode or HTTP, as configured; the receiver-in-tests mode is not reachable from the environment. */
export type SlackEnvMode = Exclude<SlackMode, { kind: 'receiver' }>;

export interface SlackConfig {
  token: string;
  mode: SlackEnvMode;
  /** A local Web API (SLACK_API_URL), if any. */
  apiUrl?: string | undefined;
}

const DEFAULT_PORT = 3000;

/** The Slack part of the configuration; undefined without SLACK_BOT_TOKEN, an error for bad values. */
export function slackConfigFromEnv(env: Env): Result<SlackConfig | undefined, string> {
  const token = env.SLACK_BOT_TOKEN?.trim();
  if (!token) return ok(undefined);
  if (!token.startsWith('xoxb-'))
    return err('SLACK_BOT_TOKEN must be the bot token (xoxb-…) from the app’s OAuth & Permissions page');

  let apiUrl: string | undefined;
  const rawApiUrl = env.SLACK_API_URL?.trim();
  if (rawApiUrl) {
    try {
      const parsed = new URL(rawApiUrl);
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('protocol');
    } catch {
      return err('SLACK_API_URL is not an http(s) URL (e.g. http://127.0.0.1:3999/api/)');
    }
    apiUrl = rawApiUrl.endsWith('/') ? rawApiUrl : `${rawApiUrl}/`;
  }

  const appToken = env.SLACK_APP_TOKEN?.trim();
  if (appToken) {
    if (!appToken.startsWith('xapp-'))
      return err('SLACK_APP_TOKEN must be an app-level token (xapp-…) with the connections:write scope');
    return ok({ token, apiUrl, mode: { kind: 'socket', appToken } });
  }

  const signingSecret = env.SLACK_SIGNING_SECRET?.trim();
  if (!signingSecret)
    return err(
      'Set SLACK_APP_TOKEN (Socket Mode, no public URL needed) or SLACK_SIGNING_SECRET (HTTP events) for Slack',
    );
  const rawPort = env.SLACK_PORT ?? env.PORT ?? String(DEFAULT_PORT);
  const port = Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    return err(`${env.SLACK_PORT !== undefined ? 'SLACK_PORT' : 'PORT'} is not a port number`);
  const path = env.SLACK_EVENTS_PATH?.trim() || '/slack/events';
  if (!path.startsWith('/')) return err('SLACK_EVENTS_PATH must start with /');
  return ok({
    token,
    apiUrl,
    mode: { kind: 'http', signingSecret, port, host: env.HOST?.trim() || '0.0.0.0', path },
  });
}

export interface SlackDeps {
  handler: MessageHandler;
  conversations: ConversationStore;
  home?: HomeProvider | undefined;
  log?: SlackAdapterOptions['log'];
  onFatal?: SlackAdapterOptions['onFatal'];
}

/** The Slack adapter for this environment, or undefined when SLACK_BOT_TOKEN is unset. */
export function createSlackFromEnv(env: Env, deps: SlackDeps): Result<SlackAdapter | undefined, string> {
  const config = slackConfigFromEnv(env);
  if (!config.ok) return config;
  if (!config.value) return ok(undefined);
  const { token, mode, apiUrl } = config.value;
  return ok(
    createSlackAdapter({
      token,
      mode,
      apiUrl,
      handler: deps.handler,
      keys: createConversationKeyStore(deps.conversations),
      ...(deps.home ? { home: deps.home } : {}),
      ...(deps.log ? { log: deps.log } : {}),
      ...(deps.onFatal ? { onFatal: deps.onFatal } : {}),
    }),
  );
}

/**
 * App Home from the repository: the person's trees (every organisation they belong to, through linked
 * accounts too), each with its Tahap and the findings the checker reports up to that Tahap.
 */
export function homeFromRepository(repository: TreeRepository): HomeProvider {
  return async (actor) => {
    const summaries = await repository.listTrees(actor);
    const trees = [];
    for (const [i, summary] of summaries.entries()) {
      // Only the trees the Home view shows are loaded and checked; the rest are counted.
      const loaded = i < HOME_TREES ? await repository.loadTree(actor, summary.id) : undefined;
      const findings = loaded?.ok ? checkTree(loaded.value.tree, { stage: summary.stage }) : [];
      trees.push({
        title: summary.title,
        stage: summary.stage,
        findings: {
          errors: findings.filter((f) => f.severity === 'error').length,
          warnings: findings.filter((f) => f.severity === 'warning').length,
        },
      });
    }
    return { trees };
  };
}
