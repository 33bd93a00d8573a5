import { describe, expect, it } from 'vitest';
import { stageGate } from '../../../src/core/rules/index.ts';
import { parseTree } from '../../../src/core/tree/parse.ts';
import type { Tree } from '../../../src/core/tree/schema.ts';
import {
  similarity,
  startWorkshop,
  type WorkshopEffect,
  type WorkshopEvent,
  type WorkshopState,
  workshopStep,
} from '../../../src/core/workshop/index.ts';
import catalogue from '../../../src/core/workshop/messages.json' with { type: 'json' };

const OUTCOME = 'Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas';
const CSF_1 =
  'Meningkatnya Pengelolaan Informasi dan Komunikasi Perangkat Daerah Sesuai Peraturan yang Berlaku';

function balanganOutcome(): Tree {
  const parsed = parseTree({
    format: 'pokin/1',
    organization: {
      name: 'Dinas Komunikasi, Informatika, Statistik dan Persandian',
      region: 'Kabupaten Balangan',
    },
    period: { from: 2025, to: 2029 },
    tree: {
      id: 'bal.o',
      statement: OUTCOME,
      level: 'outcome',
      basis: [{ kind: 'mandat', text: 'Urusan komunikasi dan informatika, statistik, dan persandian' }],
    },
  });
  if (!parsed.ok) throw new Error('fixture tree does not parse');
  return parsed.value;
}

const rina = { id: '101', name: 'Rina Facilitator' };
const budi = { id: '102', name: 'Budi' };
const sari = { id: '103', name: 'Sari' };
const andi = { id: '104', name: 'Andi' };
const T0 = '2026-01-05T08:00:00.000Z';

/** Drives the pure step like the shell does, applying saved trees. */
class Session {
  state: WorkshopState;
  tree: Tree;
  effects: WorkshopEffect[] = [];
  constructor() {
    this.tree = balanganOutcome();
    this.state = startWorkshop({ user: rina, treeId: 't1', tree: this.tree }).state;
  }
  send(event: WorkshopEvent): WorkshopEffect[] {
    const result = workshopStep(this.state, event, this.tree);
    this.state = result.state;
    for (const e of result.effects) if (e.type === 'save_tree') this.tree = e.tree;
    this.effects = result.effects;
    return result.effects;
  }
  command(user: typeof rina, command: string, args = '', where: 'group' | 'private' = 'group', at = T0) {
    return this.send({ type: 'command', user, command, args, at, where });
  }
  text(user: typeof rina, text: string, where: 'group' | 'private' = 'group') {
    return this.send({ type: 'text', user, text, at: T0, where });
  }
  vote(user: typeof rina, n: number) {
    return this.send({ type: 'choice', user, value: `ws:v:${n}`, at: T0 });
  }
}

const texts = (effects: WorkshopEffect[], type: WorkshopEffect['type'] = 'reply') =>
  effects.flatMap((e) =>
    'message' in e && e.type === type ? [`${e.message.title ?? ''}\n${e.message.text}`] : [],
  );

describe('workshop step: roles, proposals, votes, deadline, decisions', () => {
  it('refuses a participant who tries to open a round, naming the facilitator', () => {
    const s = new Session();
    const [refusal] = texts(s.command(budi, 'putaran', '0'));
    expect(refusal).toContain(
      'Maaf Budi, membuka putaran hanya bisa dilakukan fasilitator (Rina Facilitator)',
    );
    expect(s.state.round).toBeUndefined();
  });

  it('lists proposals numbered, folds a same-text proposal into the first, flags a near-duplicate', () => {
    const s = new Session();
    s.command(rina, 'putaran', '0');
    s.command(budi, 'usul', CSF_1);
    s.command(sari, 'usul', CSF_1.toUpperCase().replace('BERLAKU', 'berlaku.'));
    s.command(
      andi,
      'usul',
      'Meningkatnya Pengelolaan Informasi dan Komunikasi Perangkat Daerah Sesuai Peraturan',
    );
    const [list] = texts(s.effects);
    expect(list).toContain(`1. ${CSF_1} — 👍 0 · Budi, Sari`);
    expect(list).toContain(
      '2. Meningkatnya Pengelolaan Informasi dan Komunikasi Perangkat Daerah Sesuai Peraturan — 👍 0 · Andi ≈ mirip usulan 1',
    );
    expect(s.state.round?.proposals.map((p) => p.n)).toEqual([1, 2]);
    expect(similarity(CSF_1, 'Meningkatnya Akses Layanan TIK dan e-Government')).toBeLessThan(0.5);
  });

  it('sends a proposal the rules stop to its proposer privately, with the fix, and does not list it', () => {
    const s = new Session();
    s.command(rina, 'putaran', '0');
    const effects = s.command(
      budi,
      'usul',
      'Meningkatkan pengelolaan informasi dan komunikasi perangkat daerah',
    );
    expect(texts(effects)).toEqual([
      '\nBudi, usulan Anda belum bisa dicatat: saya kirim alasannya lewat pesan pribadi.',
    ]);
    const priv = effects.find((e) => e.type === 'private');
    expect(priv?.type === 'private' && priv.userId).toBe('102');
    expect(priv?.type === 'private' && priv.message.text).toContain(
      'Usulan perbaikan: Meningkatnya Pengelolaan Informasi dan Komunikasi Perangkat Daerah',
    );
    expect(s.state.round?.proposals).toEqual([]);
  });

  it('counts votes (a second tap takes the vote back); a merge joins proposers and votes', () => {
    const s = new Session();
    s.command(rina, 'putaran', '0');
    s.command(budi, 'usul', CSF_1);
    s.command(
      andi,
      'usul',
      'Meningkatnya Pengelolaan Informasi dan Komunikasi Perangkat Daerah Sesuai Peraturan',
    );
    s.vote(sari, 1);
    s.vote(andi, 2);
    s.vote(budi, 2);
    s.vote(budi, 2);
    expect(s.state.round?.proposals.map((p) => p.votes.length)).toEqual([1, 1]);
    s.command(rina, 'gabung', '1 2');
    const [merged] = texts(s.effects);
    expect(merged).toContain('Usulan 2 digabungkan ke usulan 1');
    expect(merged).toContain(`1. ${CSF_1} — 👍 2 · Budi, Andi`);
    expect(merged).not.toContain('2. Meningkatnya');
  });

  it('closes the round when its deadline event arrives, not before; late proposals are refused', () => {
    const s = new Session();
    s.command(rina, 'putaran', '0');
    s.command(budi, 'usul', CSF_1);
    const armed = s.command(rina, 'waktu', '10');
    expect(armed).toContainEqual({ type: 'arm_deadline', at: '2026-01-05T08:10:00.000Z' });
    expect(s.send({ type: 'deadline', at: '2026-01-05T08:09:59.000Z' })).toEqual([]);
    const closed = s.send({ type: 'deadline', at: '2026-01-05T08:10:00.000Z' });
    expect(texts(closed, 'group')[0]).toContain('Waktu habis — putaran ditutup.');
    expect(s.state.round?.phase).toBe('review');
    expect(texts(s.command(sari, 'usul', 'Meningkatnya Akses Layanan TIK dan e-Government'))[0]).toContain(
      'Putaran ini sudah ditutup',
    );
  });

  it('accepting adds the node under the round parent and records who proposed it', () => {
    const s = new Session();
    s.command(rina, 'putaran', '0');
    s.command(budi, 'usul', CSF_1);
    const effects = s.command(rina, 'terima', '1');
    const save = effects.find((e) => e.type === 'save_tree');
    expect(save?.type === 'save_tree' && save.summary).toBe('Lokakarya: tambah 1 (usulan Budi)');
    expect(s.tree.tree.children.map((c) => [c.statement, c.level])).toEqual([[CSF_1, 'csf']]);
    expect(texts(s.command(budi, 'rekap'))[0]).toContain('Budi (peserta): 1 usulan, 1 diterima, 0 suara');
  });

  it('a breakout drafts a branch privately, returns it, and the accepted tree passes the Tahap 3 gate', () => {
    const s = new Session();
    s.command(rina, 'putaran', '0');
    s.command(budi, 'usul', CSF_1);
    s.command(rina, 'terima', '1');
    s.command(sari, 'rekap');
    const assigned = s.command(rina, 'bagi', '1 Sari');
    expect(assigned).toContainEqual({ type: 'assign', userIds: ['103'] });
    expect(texts(assigned, 'private')[0]).toContain('Anda ditugasi menyusun cabang 1');

    const kau =
      'Meningkatnya Peran Kelompok Informasi Masyarakat (KIM) terhadap Penyebarluasan Informasi dan Komunikasi Publik';
    expect(texts(s.text(sari, kau, 'private'))[0]).toContain('Ditambahkan 1.1 (kondisi antara utama)');
    expect(
      texts(
        s.text(
          sari,
          '1.1 Terlaksananya Penyebarluasan Informasi Kelompok Informasi Masyarakat (KIM) yang Efektif',
          'private',
        ),
      )[0],
    ).toContain('Ditambahkan 1.1.1 (kondisi antara)');
    expect(texts(s.text(sari, '1.1.1 Membentuk KIM di setiap desa', 'private'))[0]).toContain(
      'Belum ditambahkan',
    );
    expect(
      texts(s.text(sari, '1.1.1 Terbentuknya Kelompok Informasi Masyarakat (KIM)', 'private'))[0],
    ).toContain('Ditambahkan 1.1.1.1 (kondisi operasional)');
    expect(texts(s.command(rina, 'terima', 'cabang 1'))[0]).toContain('belum dikembalikan');

    const returned = s.command(sari, 'kembalikan', '', 'private');
    expect(texts(returned, 'group')[0]).toContain(
      'Cabang 1 dari Sari kembali untuk ditinjau (3 simpul baru)',
    );
    expect(texts(returned, 'group')[0]).toContain(
      '1.1.1.1 ✳ Terbentuknya Kelompok Informasi Masyarakat (KIM)',
    );

    const accepted = s.command(rina, 'terima', 'cabang 1');
    expect(accepted).toContainEqual({ type: 'unassign', userIds: ['103'] });
    expect(stageGate(s.tree, 3).passed).toBe(true);
    expect(texts(s.command(andi, 'rekap'))[0]).toContain('Cabang 1 diterima (3 simpul, disusun Sari)');
  });

  it('an observer can look but not propose', () => {
    const s = new Session();
    s.command(andi, 'rekap');
    s.command(rina, 'pengamat', 'Andi');
    s.command(rina, 'putaran', '0');
    expect(texts(s.command(andi, 'usul', CSF_1))[0]).toContain('Anda bergabung sebagai pengamat');
  });

  it('a co-facilitator may decide; rework goes back to the proposers privately with the note', () => {
    const s = new Session();
    s.command(sari, 'rekap');
    s.command(rina, 'fasilitator', 'Sari');
    s.command(rina, 'putaran', '0');
    s.command(budi, 'usul', CSF_1);
    const effects = s.command(sari, 'perbaiki', '1 sebutkan peraturannya');
    expect(texts(effects)[0]).toContain('Usulan 1 dikembalikan untuk diperbaiki: sebutkan peraturannya.');
    const priv = effects.find((e) => e.type === 'private');
    expect(priv?.type === 'private' && [priv.userId, priv.message.text]).toEqual([
      '102',
      `Fasilitator meminta usulan Anda "${CSF_1}" diperbaiki: sebutkan peraturannya. Kirim versi perbaikannya dengan /usul di grup.`,
    ]);
    s.command(rina, 'serahkan', 'Budi');
    expect(s.state.people.map((p) => [p.name, p.role])).toEqual([
      ['Rina Facilitator', 'co_facilitator'],
      ['Sari', 'co_facilitator'],
      ['Budi', 'facilitator'],
    ]);
  });
});

describe('workshop messages', () => {
  it('has every message in both Bahasa Indonesia and English', () => {
    expect(Object.keys(catalogue.en).sort()).toEqual(Object.keys(catalogue.id).sort());
  });
});
