/**
 * The pure step function: events in, state and effects out, no I/O. Effects are checked as data (what the
 * app is asked to do), and replies as the person would read them.
 */
import { describe, expect, it } from 'vitest';
import { FLOW_VERSION, STEPS } from '../../../flows/steps.ts';
import { messageKeys } from '../../../src/core/flow/messages.ts';
import { persistable, restore } from '../../../src/core/flow/migrate.ts';
import { initialState, step } from '../../../src/core/flow/step.ts';
import type { Effect, FlowEvent, FlowState } from '../../../src/core/flow/types.ts';
import { checkIndicator } from '../../../src/core/rules/index.ts';
import { parseTree } from '../../../src/core/tree/parse.ts';
import type { Tree } from '../../../src/core/tree/schema.ts';
import type { Outgoing } from '../../../src/ports/chat.ts';

function replies(effects: Effect[]): Outgoing[] {
  return effects.flatMap((e) => (e.type === 'reply' ? [e.message] : []));
}

function run(state: FlowState, ...events: FlowEvent[]): { state: FlowState; effects: Effect[] } {
  let current = state;
  let effects: Effect[] = [];
  for (const event of events) {
    const r = step(current, event);
    current = r.state;
    effects = r.effects;
  }
  return { state: current, effects };
}

/** A small real tree: the Balangan outcome with one CSF and its chain down to an operational condition. */
function smallTree(): Tree {
  const parsed = parseTree({
    format: 'pokin/1',
    organization: {
      name: 'Dinas Komunikasi, Informatika, Statistik dan Persandian',
      region: 'Kabupaten Balangan',
    },
    period: { from: 2025, to: 2029 },
    tree: {
      id: 'o',
      statement: 'Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas',
      level: 'outcome',
      basis: [{ kind: 'masalah', text: 'Rendahnya Tingkat Keamanan Informasi' }],
      children: [
        {
          id: 'c1',
          statement: 'Meningkatnya Keamanan Informasi',
          level: 'csf',
          children: [
            {
              id: 'k1',
              statement: 'Meningkatnya Penyelesaian Gangguan Keamanan Informasi',
              level: 'kondisi_antara_utama',
              children: [],
            },
          ],
        },
        { id: 'c2', statement: 'Meningkatnya Pemanfaatan Data Sektoral', level: 'csf', children: [] },
      ],
    },
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
}

function inTahap3(tree = smallTree()): FlowState {
  return {
    ...initialState(),
    stage: 3,
    tree,
    treeId: 't1',
    treeVersion: 4,
    cursor: { step: 't3.decompose', nodeId: 'k1' },
  };
}

describe('step', () => {
  it('greets on /lanjut and starts Tahap 1 on the Mulai button', () => {
    const asked = run(initialState(), { type: 'command', command: 'lanjut', args: '' });
    expect(asked.effects).toEqual([{ type: 'list_trees', page: 0 }]);
    const greeted = run(asked.state, { type: 'trees_listed', page: 0, trees: [] });
    const [hello] = replies(greeted.effects);
    expect(hello?.text).toContain('Belum ada pohon kinerja tersimpan untuk akun ini');
    expect(hello?.text).toContain('Ketuk Mulai');
    const start = hello?.buttons?.[0]?.[0];
    expect(start?.label).toBe('Mulai');
    const started = run(greeted.state, { type: 'choice', value: start?.value ?? '' });
    expect(replies(started.effects)[0]).toMatchObject({
      progress: 'Tahap 1/5 · Perangkat Daerah',
      text: expect.stringContaining('Apa nama Perangkat Daerah Anda?'),
    });
  });

  it('/lanjut without a tree opens the only saved tree at the first node still to break down', () => {
    const listed = run(initialState(), {
      type: 'trees_listed',
      page: 0,
      trees: [{ id: 'tree-1', title: 'Diskominfosan Kab. Balangan 2025–2029', stage: 3 }],
    });
    expect(listed.effects).toEqual([{ type: 'open_tree', treeId: 'tree-1' }]);
    const opened = run(listed.state, {
      type: 'tree_opened',
      treeId: 'tree-1',
      organisationId: 'org-1',
      title: 'Diskominfosan Kab. Balangan 2025–2029',
      stage: 3,
      tree: smallTree(),
      version: 7,
    });
    // c1 already has its kondisi antara utama; k1 has no children yet, so Tahap 3 resumes there.
    expect(opened.state).toMatchObject({
      treeId: 'tree-1',
      organisationId: 'org-1',
      treeVersion: 7,
      stage: 3,
      cursor: { step: 't3.decompose', nodeId: 'k1' },
      note: 'Melanjutkan «Diskominfosan Kab. Balangan 2025–2029».',
    });
    expect(opened.effects[0]?.type).toBe('draft');
  });

  it('/lanjut with several trees lists five per page as buttons, newest first, with a next page', () => {
    const trees = Array.from({ length: 7 }, (_, i) => ({
      id: `tree-${i + 1}`,
      title: `Pohon Kinerja Dinas ${i + 1}`,
      stage: 2 as const,
    }));
    const first = replies(run(initialState(), { type: 'trees_listed', page: 0, trees }).effects)[0];
    expect(first?.text).toBe('Anda punya 7 pohon kinerja. Pilih yang ingin dilanjutkan: (1/2)');
    expect(first?.buttons?.map((row) => row.map((b) => b.value))).toEqual([
      ['/lanjut tree-1'],
      ['/lanjut tree-2'],
      ['/lanjut tree-3'],
      ['/lanjut tree-4'],
      ['/lanjut tree-5'],
      ['/lanjut 1'],
      ['/mulai'],
    ]);
    expect(first?.buttons?.[0]?.[0]?.label).toBe('Pohon Kinerja Dinas 1 · Tahap 2');
    const second = replies(run(initialState(), { type: 'trees_listed', page: 1, trees }).effects)[0];
    expect(second?.buttons?.map((row) => row.map((b) => b.value))).toEqual([
      ['/lanjut tree-6'],
      ['/lanjut tree-7'],
      ['/lanjut 0'],
      ['/mulai'],
    ]);
    expect(step(initialState(), { type: 'command', command: 'lanjut', args: 'tree-6' }).effects).toEqual([
      { type: 'open_tree', treeId: 'tree-6' },
    ]);
    expect(step(initialState(), { type: 'command', command: 'lanjut', args: '1' }).effects).toEqual([
      { type: 'list_trees', page: 1 },
    ]);
    // Words after /lanjut in a conversation with a tree only ask the question again.
    expect(step(inTahap3(), { type: 'command', command: 'lanjut', args: 'sekarang' }).effects[0]?.type).toBe(
      'draft',
    );
  });

  it('shows where the person is: "Tahap 3/5 · Kondisi Antara 2/3" while breaking down the second node', () => {
    const r = step(inTahap3(), { type: 'command', command: 'lanjut', args: '' });
    const draft = r.effects[0];
    expect(draft).toMatchObject({
      type: 'draft',
      request: {
        task: 'decompose',
        childLevel: 'kondisi_antara',
        parent: { statement: 'Meningkatnya Penyelesaian Gangguan Keamanan Informasi' },
      },
    });
    const asked = step(r.state, {
      type: 'drafted',
      ask: r.state.ask,
      response: {
        source: 'offline',
        suggestions: [{ statement: 'Meningkatnya Penanganan Gangguan Keamanan Informasi' }],
      },
    });
    const [question] = replies(asked.effects);
    expect(question?.progress).toBe('Tahap 3/5 · Kondisi Antara 2/3');
    expect(question?.text).toContain(
      'Kondisi apa yang diperlukan agar «Meningkatnya Penyelesaian Gangguan Keamanan Informasi» terwujud?',
    );
    expect(question?.buttons?.map((row) => row.map((b) => b.label))).toEqual([
      ['Meningkatnya Penanganan Gangguan Keamanan Informasi'],
      ['Lewati ▶'],
    ]);
  });

  it('says when the LLM failed and the offline drafter answered instead', () => {
    const r = step(inTahap3(), { type: 'command', command: 'lanjut', args: '' });
    const asked = step(r.state, {
      type: 'drafted',
      ask: r.state.ask,
      response: {
        source: 'offline',
        fallback: { code: 'timeout' },
        suggestions: [{ statement: 'Meningkatnya Penanganan Gangguan Keamanan Informasi' }],
      },
    });
    expect(replies(asked.effects)[0]?.text).toMatch(
      /^\(Model bahasa sedang tidak menjawab; usulan berikut dari pengusul offline\.\)/,
    );
  });

  it("gives the drafter's specific reason for falling back when it sends one", () => {
    const r = step(inTahap3(), { type: 'command', command: 'lanjut', args: '' });
    const asked = step(r.state, {
      type: 'drafted',
      ask: r.state.ask,
      response: {
        source: 'offline',
        fallback: {
          code: 'rate_limited',
          message: {
            id: 'Layanan model bahasa sedang membatasi permintaan (terlalu banyak permintaan). Usulan di bawah dari penyusun offline; coba minta usulan lagi beberapa menit lagi.',
            en: 'The language model service is rate-limiting requests (too many requests). The suggestions below come from the offline drafter; ask again in a few minutes.',
          },
        },
        suggestions: [{ statement: 'Meningkatnya Penanganan Gangguan Keamanan Informasi' }],
      },
    });
    const text = replies(asked.effects)[0]?.text ?? '';
    expect(text).toMatch(
      /^\(Layanan model bahasa sedang membatasi permintaan \(terlalu banyak permintaan\)\./,
    );
    expect(text).not.toContain('Model bahasa sedang tidak menjawab');
  });

  it('drops a suggestion the rules reject before a person sees it', () => {
    const r = step(inTahap3(), { type: 'command', command: 'lanjut', args: '' });
    const asked = step(r.state, {
      type: 'drafted',
      ask: r.state.ask,
      response: {
        source: 'langchain:test',
        suggestions: [
          { statement: 'Meningkatkan penanganan gangguan' },
          { statement: 'Rendahnya Penanganan Gangguan Keamanan Informasi' },
          { statement: 'Meningkatnya Penyelesaian Gangguan Keamanan Informasi' },
          { statement: 'Tersedianya Tim Tanggap Insiden Siber' },
        ],
      },
    });
    expect(
      replies(asked.effects)[0]
        ?.buttons?.flat()
        .map((b) => b.label),
    ).toEqual(['Tersedianya Tim Tanggap Insiden Siber', 'Lewati ▶']);
  });

  it('saves a tapped suggestion as a child with source "llm" and the outline number in the summary', () => {
    const r = step(inTahap3(), { type: 'command', command: 'lanjut', args: '' });
    const asked = step(r.state, {
      type: 'drafted',
      ask: r.state.ask,
      response: {
        source: 'offline',
        suggestions: [{ statement: 'Meningkatnya Penanganan Gangguan Keamanan Informasi' }],
      },
    });
    const tap = replies(asked.effects)[0]?.buttons?.[0]?.[0]?.value ?? '';
    const saved = step(asked.state, { type: 'choice', value: tap });
    const save = saved.effects.find((e) => e.type === 'save_tree');
    expect(save).toMatchObject({
      type: 'save_tree',
      stage: 3,
      change: { source: 'llm', summary: 'Tambah 1.1.1: Meningkatnya Penanganan Gangguan Keamanan Informasi' },
    });
    const k1 = save?.type === 'save_tree' ? save.tree.tree.children[0]?.children[0] : undefined;
    expect(k1?.children.map((c) => [c.statement, c.level])).toEqual([
      ['Meningkatnya Penanganan Gangguan Keamanan Informasi', 'kondisi_antara'],
    ]);
  });

  it('recognises a button of an earlier question and asks the current one again', () => {
    const r = step(inTahap3(), { type: 'command', command: 'lanjut', args: '' });
    const asked = step(r.state, {
      type: 'drafted',
      ask: r.state.ask,
      response: {
        source: 'offline',
        suggestions: [{ statement: 'Meningkatnya Penanganan Gangguan Keamanan Informasi' }],
      },
    });
    const stale = step(asked.state, { type: 'choice', value: `${asked.state.ask - 1}:done` });
    expect(stale.state.visited).toEqual([]);
    const [again] = replies(stale.effects);
    expect(again?.text).toContain('Tombol itu milik pertanyaan sebelumnya. Ini pertanyaan yang sekarang:');
    expect(again?.text).toContain('agar «Meningkatnya Penyelesaian Gangguan Keamanan Informasi» terwujud?');
    expect(again?.buttons?.flat().map((b) => b.label)).toEqual([
      'Meningkatnya Penanganan Gangguan Keamanan Informasi',
      'Lewati ▶',
    ]);
  });

  it('pages a long outline and keeps the question one command away', () => {
    let tree = smallTree();
    const many = Array.from({ length: 12 }, (_, i) => ({
      id: `x${i}`,
      statement: `Meningkatnya Kualitas Layanan Publik Wilayah ${i + 1}`,
      level: 'csf' as const,
      children: [],
    }));
    tree = { ...tree, tree: { ...tree.tree, children: [...tree.tree.children, ...many] } };
    const first = step(inTahap3(tree), { type: 'command', command: 'lihat', args: '' });
    const [page1] = replies(first.effects);
    expect(page1?.title).toBe('Pohon kinerja (✖ galat, ⚠ peringatan)');
    expect(page1?.text).toContain('0 Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas');
    expect(page1?.text).toContain('Halaman 1/2');
    const next = page1?.buttons?.flat().find((b) => b.label === 'Berikutnya ▶');
    expect(next?.value).toBe('/halaman 1');
    const second = step(first.state, { type: 'choice', value: next?.value ?? '' });
    const [page2] = replies(second.effects);
    expect(page2?.text).toContain('Halaman 2/2');
    expect(page2?.text).toContain('Meningkatnya Kualitas Layanan Publik Wilayah 12');
    expect(page2?.buttons?.flat().map((b) => b.label)).toEqual(['◀ Sebelumnya', 'Lanjutkan']);
  });

  it('/hapus asks first, then removes the subtree and saves', () => {
    const asked = step(inTahap3(), { type: 'command', command: 'hapus', args: '1' });
    const [question] = replies(asked.effects);
    expect(question?.text).toContain(
      'Hapus «Meningkatnya Keamanan Informasi» beserta 1 kondisi di bawahnya?',
    );
    const yes = question?.buttons?.flat().find((b) => b.label === 'Ya, hapus');
    const done = step(asked.state, { type: 'choice', value: yes?.value ?? '' });
    const save = done.effects.find((e) => e.type === 'save_tree');
    expect(save?.type === 'save_tree' && save.tree.tree.children.map((c) => c.id)).toEqual(['c2']);
    expect(save).toMatchObject({ change: { summary: 'Hapus 1' } });
  });

  it('/cek lists errors first with a fix button that goes to the node', () => {
    const tree = smallTree();
    const bad = {
      ...tree,
      tree: {
        ...tree.tree,
        children: [
          { ...tree.tree.children[0]!, statement: 'Meningkatkan keamanan informasi' },
          tree.tree.children[1]!,
        ],
      },
    };
    const r = step(inTahap3(bad), { type: 'command', command: 'cek', args: '' });
    const [list] = replies(r.effects);
    expect(list?.text.split('\n')[0]).toMatch(/^✖ 1 KND-02/);
    const fix = list?.buttons?.[0]?.[0];
    expect(fix).toEqual({ label: 'Perbaiki 1 (KND-02)', value: '/perbaiki c1 KND' });
    const editing = step(r.state, { type: 'choice', value: fix?.value ?? '' });
    expect(replies(editing.effects)[0]?.text).toContain('Ubah «Meningkatkan keamanan informasi»');
  });

  it('adds the official indicator of the chosen sub kegiatan with one tap, its wording allowed by the exception', () => {
    const parsed = parseTree({
      format: 'pokin/1',
      organization: {
        name: 'Dinas Komunikasi, Informatika, Statistik dan Persandian',
        region: 'Kabupaten Balangan',
      },
      period: { from: 2025, to: 2029 },
      tree: {
        id: 'o',
        statement: 'Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas',
        level: 'outcome',
        children: [
          {
            id: 'ko',
            statement: 'Meningkatnya Penanganan Insiden Keamanan Informasi',
            level: 'kondisi_operasional',
          },
        ],
      },
    });
    if (!parsed.ok) throw new Error('tree does not parse');
    const entry = {
      code: '2.21.02.2.01.0010',
      level: 'sub_kegiatan' as const,
      name: 'Pelaksanaan Keamanan Informasi Pemerintahan Daerah Kabupaten/Kota Berbasis Elektronik dan Non Elektronik',
      // Worded as a condition: an error for an indicator one writes, allowed for the official one.
      indicator: 'Terselenggaranya Keamanan Informasi Perangkat Daerah',
      unit: 'Perangkat Daerah',
    };
    const state: FlowState = {
      ...initialState(),
      stage: 5,
      tree: parsed.value,
      treeId: 't1',
      treeVersion: 9,
      ask: 12,
      cursor: {
        step: 't5.pk',
        nodeId: 'ko',
        work: {
          planning: {
            component: 'sasaran_sub_kegiatan',
            subKegiatan: { code: entry.code, name: entry.name },
          },
          official: { name: entry.indicator, unit: entry.unit, entry },
        },
      },
    };
    const r = step(state, { type: 'choice', value: '12:official' });
    const save = r.effects.find((e) => e.type === 'save_tree');
    expect(save?.type === 'save_tree' && save.tree.tree.children?.[0]?.indicators).toEqual([
      expect.objectContaining({
        name: 'Terselenggaranya Keamanan Informasi Perangkat Daerah',
        unit: 'Perangkat Daerah',
      }),
    ]);
    const [question] = replies(r.effects);
    expect(question?.text).toContain(
      'Indikator resmi tersimpan ✓ (1): «Terselenggaranya Keamanan Informasi Perangkat Daerah».',
    );
    expect(r.state.cursor).toMatchObject({ step: 't5.pk', nodeId: 'ko' });
    expect(r.state.cursor.work?.official).toBeUndefined();
    // Written by a person, the same wording is stopped by the rules (IND-02 error).
    expect(
      checkIndicator({
        indicator: { name: entry.indicator, unit: entry.unit },
        level: 'kondisi_operasional',
        stage: 5,
      }).some((f) => f.severity === 'error'),
    ).toBe(true);
  });

  it('/status counts the tree by level, and says nothing of the LLM when no call was made', () => {
    const asked = step(inTahap3(), { type: 'command', command: 'status', args: '' });
    expect(asked.effects).toEqual([{ type: 'load_usage' }]);
    const none = { calls: 0, failed: 0, tokensIn: 0, tokensOut: 0, latencyMs: 0 };
    const r = step(asked.state, { type: 'usage', conversation: none, tree: none });
    const text = replies(r.effects)[0]?.text ?? '';
    expect(text).toContain('CSF 2 · KAU 1 · KA 0 · KO 0 · indikator 0');
    expect(text).not.toContain('LLM');
  });

  it('/status shows LLM calls, tokens in/out and latency for the conversation and the tree', () => {
    const r = step(inTahap3(), {
      type: 'usage',
      conversation: { calls: 3, failed: 1, tokensIn: 4210, tokensOut: 862, latencyMs: 6300 },
      tree: { calls: 12, failed: 1, tokensIn: 15840, tokensOut: 3120, latencyMs: 25200 },
    });
    const text = replies(r.effects)[0]?.text ?? '';
    expect(text).toContain(
      'LLM percakapan ini: 3 panggilan (1 gagal) · token 4.210 masuk / 862 keluar · rata-rata 2,1 dtk',
    );
    expect(text).toContain(
      'LLM pohon ini: 12 panggilan (1 gagal) · token 15.840 masuk / 3.120 keluar · rata-rata 2,1 dtk',
    );
    const en = step(
      { ...inTahap3(), lang: 'en' },
      {
        type: 'usage',
        conversation: { calls: 3, failed: 0, tokensIn: 4210, tokensOut: 862, latencyMs: 6300 },
      },
    );
    expect(replies(en.effects)[0]?.text).toContain(
      'LLM in this conversation: 3 call(s) (0 failed) · tokens 4,210 in / 862 out · 2.1 s on average',
    );
  });

  it('reads targets for every year of the period, and says how many are missing', () => {
    const tree = smallTree();
    const withIndicator = {
      ...tree,
      tree: {
        ...tree.tree,
        indicators: [{ name: 'Indeks SPBE', unit: 'Indeks', kinerja: 'strategis' as const }],
      },
    };
    const state: FlowState = {
      ...initialState(),
      stage: 5,
      tree: withIndicator,
      treeId: 't1',
      treeVersion: 9,
      cursor: { step: 't5.targets', nodeId: 'o', work: { indicatorIndex: 0 } },
    };
    const short = step(state, { type: 'text', text: '2,5 2,6 2,7' });
    expect(short.state.note ?? replies(short.effects)[0]?.text).toContain(
      'Perlu 5 angka (satu per tahun), Anda mengetik 3.',
    );
    const fine = step(state, { type: 'text', text: '2,5 2,6 2,7 2,8 3' });
    const save = fine.effects.find((e) => e.type === 'save_tree');
    expect(save?.type === 'save_tree' && save.tree.tree.indicators?.[0]?.targets).toEqual({
      '2025': '2,5',
      '2026': '2,6',
      '2027': '2,7',
      '2028': '2,8',
      '2029': 3,
    });
  });
});

describe('saved state', () => {
  it('is saved without the tree and restored as it was', () => {
    const state = inTahap3();
    const saved = persistable(state);
    expect(saved.tree).toBeUndefined();
    const json = JSON.parse(JSON.stringify(saved));
    expect(restore({ flowVersion: FLOW_VERSION, state: json })).toEqual({ state: json });
  });

  it('restarts the current Tahap explicitly when the flow version changed, keeping the tree', () => {
    const old = { ...persistable(inTahap3()), cursor: { step: 't3.someOldStep' } };
    const restored = restore({ flowVersion: FLOW_VERSION - 1, state: old });
    expect(restored.state).toMatchObject({ treeId: 't1', stage: 3, cursor: { step: 't3.decompose' } });
    expect(restored.notice).toBe(
      'Pokin diperbarui; kita lanjutkan dari awal Tahap 3. Pohon Anda tidak berubah.',
    );
  });
});

describe('message catalogue', () => {
  it('has every key in both languages, including each step’s question and help', () => {
    expect(messageKeys('en').sort()).toEqual(messageKeys('id').sort());
    const keys = new Set(messageKeys('id'));
    for (const def of Object.values(STEPS)) {
      for (const key of [def.ask, def.help, def.label, def.example].filter(
        (k): k is string => k !== undefined,
      )) {
        expect(keys.has(key), `${def.id}: ${key}`).toBe(true);
      }
    }
  });
});

describe('the words of the conversation', () => {
  it('has a catalogue entry for every message key the engine names', async () => {
    const { readFile, readdir } = await import('node:fs/promises');
    const dir = new URL('../../../src/core/flow/', import.meta.url);
    const keys = new Set(messageKeys('id'));
    const used = new Set<string>();
    for (const file of await readdir(dir)) {
      const source = await readFile(new URL(file, dir), 'utf8');
      for (const m of source.matchAll(/(?:say\(\w+(?:\.\w+)?, |\bq\(|t\(\w+(?:\.\w+)?, )'([^'$]+)'/g))
        used.add(m[1] as string);
    }
    expect(used.size).toBeGreaterThan(100);
    expect([...used].filter((k) => !keys.has(k))).toEqual([]);
  });
});
