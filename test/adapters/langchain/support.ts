/**
 * Shared material for the LangChain drafter tests: the real Balangan Diskominfosan context, a recording
 * stand-in for the offline drafter (so a test sees exactly when the fallback answered), and a fake chat
 * model that records the messages it was sent.
 */
import { FakeListChatModel } from '@langchain/core/utils/testing';
import type { DraftContext, Drafter, DraftRequest, DraftResponse } from '../../../src/ports/drafter.ts';

export const balangan: DraftContext = {
  organisation: 'Dinas Komunikasi, Informatika, Statistik dan Persandian',
  region: 'Kabupaten Balangan',
  period: { from: 2025, to: 2029 },
  mandate: [
    'Mandat/tugas dan fungsi Dinas Komunikasi, Informatika, Statistik dan Persandian: urusan komunikasi dan informatika, statistik, dan persandian',
  ],
  problems: [
    'Rendahnya Pemanfaatan Data Sektoral',
    'Rendahnya Akses/Jangkauan Layanan TIK',
    'Rendahnya Tingkat Keamanan dan Informasi',
  ],
  expectations: ['Data sektoral mudah diakses dan dipakai perangkat daerah untuk perencanaan'],
  outcome: 'Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas',
  lang: 'id',
};

export const OFFLINE_SUGGESTION = { statement: 'Meningkatnya Pemanfaatan Data Sektoral', note: 'offline' };

/** Stands in for the offline drafter: answers one fixed suggestion and records what it was asked. */
export function offlineStandIn(): Drafter & { requests: DraftRequest[] } {
  const requests: DraftRequest[] = [];
  return {
    name: 'offline',
    requests,
    async draft(request): Promise<DraftResponse> {
      requests.push(request);
      return { suggestions: [OFFLINE_SUGGESTION], source: 'offline' };
    },
  };
}

export interface RecordingFake {
  model: FakeListChatModel;
  /** The messages of every call, as [role, text] pairs. */
  calls: Array<Array<[string, string]>>;
}

/** A FakeListChatModel answering `responses` in order (JSON given as objects), recording its inputs. */
export function fakeModel(responses: Array<unknown>, sleep?: number): RecordingFake {
  const calls: RecordingFake['calls'] = [];
  const model = new FakeListChatModel({
    responses: responses.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))),
    ...(sleep !== undefined ? { sleep } : {}),
    callbacks: [
      {
        handleChatModelStart(_llm, messages) {
          calls.push(
            (messages[0] ?? []).map((m) => [
              m.getType(),
              typeof m.content === 'string' ? m.content : JSON.stringify(m.content),
            ]),
          );
        },
      },
    ],
  });
  return { model, calls };
}

/** `{ suggestions: [...] }` with statement items. */
export const statements = (...list: string[]) => ({
  suggestions: list.map((statement) => ({ statement, note: null })),
});
