/**
 * `npm start`: open the store (PGlite in ./data/pokin unless DATABASE_URL is set), pick the drafter (an
 * LLM when configured, else offline), build the app, then run Telegram if TELEGRAM_BOT_TOKEN is set,
 * Slack if SLACK_BOT_TOKEN is set, and otherwise the terminal chat. SIGINT/SIGTERM stop receiving, let
 * the messages in hand finish, and close the database.
 */
import { createConsoleAdapter } from '../adapters/console/create-console-adapter.ts';
import { createDrizzleUsageStore } from '../adapters/drizzle/usage-store.ts';
import { createExporter } from '../adapters/export/index.ts';
import { createWorkshopApp } from '../app/workshop.ts';
import { formatPkAnswer, lookupPk } from '../core/lookup/pk.ts';
import { createAppFromWiring, offlineDrafterFor } from './wiring/app.ts';
import { createDrafterFromEnv } from './wiring/drafter.ts';
import { createSlackFromEnv, homeFromRepository } from './wiring/slack.ts';
import { openStore } from './wiring/store.ts';
import { createTelegramFromEnv } from './wiring/telegram.ts';

type Env = Record<string, string | undefined>;
type Log = (event: string, detail: Record<string, unknown>) => void;

const log: Log = (event, detail) => {
  process.stderr.write(`${JSON.stringify({ at: new Date().toISOString(), event, ...detail })}\n`);
};

interface Running {
  name: string;
  stop(): Promise<void>;
}

export async function start(env: Env = process.env): Promise<void> {
  const store = await openStore(env);
  const usage = createDrizzleUsageStore(store.db);
  const drafter = createDrafterFromEnv(env, { fallback: offlineDrafterFor(store.nomenclature), usage, log });
  const app = createAppFromWiring({
    repository: store.repository,
    conversations: store.conversations,
    events: store.events,
    nomenclature: store.nomenclature,
    drafter,
    exporter: createExporter(),
    lookupPk: (tree, query, lang) => formatPkAnswer(lookupPk(tree, query), lang),
    usage,
    log,
  });
  // Workshop mode in groups (src/app/workshop.ts); everything else goes on to the conversation app.
  const workshop = createWorkshopApp({
    app,
    repository: store.repository,
    conversations: store.conversations,
    events: store.events,
    log,
  });

  const running: Running[] = [];
  let stopping: Promise<void> | undefined;
  const shutdown = (reason: string): Promise<void> => {
    stopping ??= (async () => {
      if (running.some((r) => r.name !== 'console')) log('stopping', { reason });
      for (const r of running)
        await r.stop().catch((e) => log('stop_failed', { adapter: r.name, cause: String(e) }));
      workshop.stop();
      await workshop.idle();
      await app.idle();
      await store.close();
    })();
    return stopping;
  };
  const fatal = (cause: unknown) => {
    log('adapter_fatal', { cause: cause instanceof Error ? cause.message : String(cause) });
    void shutdown('fatal').then(() => process.exit(1));
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void shutdown(signal).then(() => process.exit(0));
    });
  }

  const telegram = createTelegramFromEnv(env, {
    handler: workshop,
    conversations: store.conversations,
    repository: store.repository,
    log,
    onFatal: fatal,
  });
  const slack = createSlackFromEnv(env, {
    handler: workshop,
    conversations: store.conversations,
    home: homeFromRepository(store.repository),
    log,
    onFatal: fatal,
  });
  for (const configured of [telegram, slack]) {
    if (!configured.ok) {
      process.stderr.write(`pokin: ${configured.error}\n`);
      await store.close();
      process.exit(2);
    }
  }
  if (telegram.ok && telegram.value) {
    await telegram.value.start();
    workshop.attach(telegram.value.sender, 'telegram');
    running.push({ name: 'telegram', stop: () => telegram.value?.stop() ?? Promise.resolve() });
    log('started', { adapter: 'telegram', store: store.location, drafter: drafter.name });
  }
  if (slack.ok && slack.value) {
    await slack.value.start();
    workshop.attach(slack.value.sender, 'slack');
    running.push({ name: 'slack', stop: () => slack.value?.stop() ?? Promise.resolve() });
    log('started', { adapter: 'slack', store: store.location, drafter: drafter.name });
  }
  if (running.length > 0) {
    await workshop.start(running.map((r) => r.name as 'telegram' | 'slack'));
    return;
  }

  // No platform token: chat in the terminal. Piped input ends the session at its last line.
  const interactive = process.stdin.isTTY === true;
  if (interactive) {
    process.stdout.write(
      `Pokin · data: ${store.location} · pengusul: ${drafter.name}\nKetik jawaban, atau nomor tombol untuk memilih · /bantuan · Ctrl+D keluar\n`,
    );
  }
  const terminal = createConsoleAdapter({
    handler: app,
    input: process.stdin,
    output: process.stdout,
    interactive,
    exportDir: env.POKIN_EXPORT_DIR?.trim() || 'exports',
  });
  running.push({ name: 'console', stop: async () => terminal.stop() });
  await terminal.run();
  await shutdown('input ended');
}

start().catch((e) => {
  process.stderr.write(`pokin: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
