/**
 * Slack adapter numbers: Block Kit rendering/splitting cost, and through real Bolt's HTTP receiver with
 * signed requests against the local fake Web API: how fast requests are acknowledged while the app is
 * slow (Slack wants an ack within 3 s), and events per second end to end across many conversations.
 */
import { performance } from 'node:perf_hooks';
import { createSlackAdapter } from '../src/adapters/slack/create-slack-adapter.ts';
import { renderOutgoing } from '../src/adapters/slack/render.ts';
import type { Outgoing } from '../src/ports/chat.ts';
import {
  encodeForHttp,
  FakeSlack,
  type Payload,
  SlackPayloads,
  signedHeaders,
} from '../test/support/fake-slack.ts';

const SECRET = 'bench-signing-secret';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export default async function run(): Promise<void> {
  const short: Outgoing = {
    progress: 'Tahap 2/5 · CSF 3/4',
    title: 'Usulan CSF',
    text: 'Meningkatnya <kualitas> & layanan *statistik* sektoral',
    buttons: [
      [
        { label: 'Ya', value: 'ya' },
        { label: 'Ubah', value: 'ubah' },
      ],
    ],
  };
  const long: Outgoing = {
    text: Array.from(
      { length: 200 },
      (_, i) => `${i}. <b>Meningkatnya</b> kualitas data & statistik_sektoral *Balangan* 🇮🇩`,
    ).join('\n\n'),
  };
  for (const [name, out, n] of [
    ['render short message', short, 20_000],
    ['render 15 KB message (split)', long, 500],
  ] as const) {
    const t0 = performance.now();
    let blocks = 0;
    for (let i = 0; i < n; i++)
      blocks += renderOutgoing(out).messages.reduce((s, m) => s + m.blocks.length, 0);
    const ms = performance.now() - t0;
    console.log(`${name}: ${((ms * 1000) / n).toFixed(1)} µs each (${blocks / n} blocks)`);
  }

  const fake = await new FakeSlack().start();
  const handlerMs = 300;
  const adapter = createSlackAdapter({
    token: 'xoxb-bench',
    mode: { kind: 'http', signingSecret: SECRET, port: 0, host: '127.0.0.1' },
    apiUrl: fake.apiUrl,
    log: () => {},
    handler: {
      async handle() {
        await new Promise((resolve) => setTimeout(resolve, handlerMs));
        return [{ text: 'Diterima.' }];
      },
    },
  });
  await adapter.start();
  const url = `http://127.0.0.1:${adapter.address()?.port}/slack/events`;
  const post = async (body: Payload): Promise<number> => {
    const { contentType, text } = encodeForHttp(body);
    const t0 = performance.now();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': contentType, ...signedHeaders(SECRET, text) },
      body: text,
    });
    await response.arrayBuffer();
    return performance.now() - t0;
  };

  // Acks one request at a time while the app is slow: every answer is still being worked on when the
  // next request arrives, so the ack must not wait for it.
  const ackTimes: number[] = [];
  const asker = new SlackPayloads('U07ACK', 'D07ACK');
  for (let i = 0; i < 60; i++)
    ackTimes.push(await post(i % 2 === 0 ? asker.command('status') : asker.dmText('lanjut')));
  await fake.waitFor(
    (calls) => calls.filter((c) => c.method === 'chat.postMessage').length === 60,
    'acks',
    120_000,
  );

  // Throughput: many conversations at once (the client, Bolt, the adapter and the fake share one process).
  const people = Array.from({ length: 40 }, (_, i) => new SlackPayloads(`U07B${i}`, `D07BENCH${i}`));
  const perPerson = 5;
  fake.calls.length = 0;
  const t0 = performance.now();
  for (let k = 0; k < perPerson; k++) {
    await Promise.all(
      people.map((p, i) => post(k % 2 === 0 ? p.dmText(`jawaban ${k}`) : p.command(`status ${i}`))),
    );
  }
  const total = people.length * perPerson;
  await fake.waitFor(
    (calls) => calls.filter((c) => c.method === 'chat.postMessage').length === total,
    'every reply',
    120_000,
  );
  const seconds = (performance.now() - t0) / 1000;
  await adapter.stop();
  await fake.stop();
  const p50 = percentile(ackTimes, 50);
  const p95 = percentile(ackTimes, 95);
  console.log(
    `HTTP ack while the app takes ${handlerMs} ms per message: p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms ` +
      `(p95 is ${(p95 / handlerMs).toFixed(3)}× the app's time; Slack's limit is 3000 ms)`,
  );
  console.log(
    `${total} signed requests from ${people.length} conversations (${perPerson} each, in order per conversation): ` +
      `${(total / seconds).toFixed(0)} answered/s (${seconds.toFixed(2)} s; serial floor ${((perPerson * handlerMs) / 1000).toFixed(1)} s)`,
  );
}
