import { describe, expect, it } from 'vitest';
import { formatPkAnswer, lookupPk, type PkLookupResult, parseQuery } from '../../../src/core/lookup/pk.ts';
import { balangan, balanganWithTargets } from '../../adapters/export/balangan.ts';

const ids = (r: PkLookupResult) =>
  r.kind === 'found'
    ? r.matches.map((m) => m.nodeId)
    : r.kind === 'not_found'
      ? r.closest.map((m) => m.nodeId)
      : [];

describe('parseQuery', () => {
  it('reads office abbreviations as the PK holder and keeps the other words', () => {
    expect(parseQuery('Kabid Statistik')).toEqual({
      holder: 'Administrator',
      terms: [{ word: 'statistik' }],
    });
    expect(parseQuery('kepala seksi persandian')).toEqual({
      holder: 'Pengawas',
      terms: [{ word: 'persandian' }],
    });
    expect(parseQuery('apa indikator PK Kadis?')).toEqual({ holder: 'JPT', terms: [] });
    expect(parseQuery('sekdis').holder).toBe('Administrator');
    expect(parseQuery('JF prakom').holder).toBe('JF');
    expect(parseQuery('kasubag umum').holder).toBe('Pengawas');
  });

  it('forgives one slip in a post word but not in a short everyday word', () => {
    expect(parseQuery('kbid statistik').holder).toBe('Administrator');
    expect(parseQuery('ksubag keuangan').holder).toBe('Pengawas');
    // "kami" (the KAMI index) is one letter from "kasi" but is a word to search, not a post
    expect(parseQuery('indeks kami')).toEqual({ terms: [{ word: 'indeks' }, { word: 'kami' }] });
  });
});

describe('lookupPk on the Balangan tree', () => {
  const tree = balangan();

  it('"kabid statistik" finds the two sasaran program of the statistics programme', () => {
    const r = lookupPk(tree, 'kabid statistik');
    expect(r.kind).toBe('found');
    expect(ids(r)).toEqual(['bal.3.1', 'bal.3.2']);
    if (r.kind !== 'found') return;
    expect(r.holder).toBe('Administrator');
    expect(r.matches[0]).toMatchObject({
      statement: 'Meningkatnya Akses Data Sektoral',
      program: 'PROGRAM PENYELENGGARAAN STATISTIK SEKTORAL',
      holders: ['Administrator'],
      path: [
        'Meningkatnya Pemanfaatan Data Sektoral',
        'Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas',
      ],
    });
    expect(r.matches[0]!.indicators.map((i) => i.name)).toEqual(['Persentase Data Sektoral yang Terakses']);
  });

  it('tolerates typos: "kabid statisik", "kasie persandain"', () => {
    expect(ids(lookupPk(tree, 'kabid statisik'))).toEqual(['bal.3.1', 'bal.3.2']);
    expect(ids(lookupPk(tree, 'kasie persandain'))).toEqual(['bal.4.1.1', 'bal.4.2.1']);
  });

  it('"kasi persandian" finds the sasaran kegiatan under the persandian programme', () => {
    const r = lookupPk(tree, 'kasi persandian');
    expect(ids(r)).toEqual(['bal.4.1.1', 'bal.4.2.1']);
    if (r.kind === 'found') expect(r.matches.every((m) => m.holders.includes('Pengawas'))).toBe(true);
  });

  it('"indikator keamanan informasi" answers with the CSF first', () => {
    const r = lookupPk(tree, 'indikator keamanan informasi');
    expect(r.kind).toBe('found');
    expect(ids(r)[0]).toBe('bal.4');
    if (r.kind === 'found') {
      expect(r.matches[0]!.indicators[0]!.name).toBe('Indeks Keamanan Informasi (KAMI)');
      expect(r.matches.every((m) => m.nodeId.startsWith('bal.4'))).toBe(true);
    }
  });

  it('a post alone lists everything that holder signs: the Kadis has the four sasaran SKPD', () => {
    const r = lookupPk(tree, 'PK kadis');
    expect(r.kind === 'found' && r.total).toBe(4);
    expect(ids(r)).toEqual(['bal.1', 'bal.2', 'bal.3', 'bal.4']);
  });

  it('finds a node by its outline number, as the diagram labels it', () => {
    expect(ids(lookupPk(tree, '3.1.2'))).toEqual(['bal.3.1.2']);
    expect(ids(lookupPk(tree, 'x1'))).toEqual(['bal.x1']);
  });

  it('expands short forms such as PPID', () => {
    expect(ids(lookupPk(tree, 'ppid'))).toEqual(['bal.1.2.2.2']);
  });

  it('answers "not found" with the closest matches when nothing fits', () => {
    const r = lookupPk(tree, 'kabid pariwisata');
    expect(r.kind).toBe('not_found');
    if (r.kind !== 'not_found') return;
    expect(r.holder).toBe('Administrator');
    expect(r.closest.length).toBeGreaterThan(0);
    expect(r.closest.every((m) => m.holders.includes('Administrator'))).toBe(true);
    const text = formatPkAnswer(r);
    expect(
      text.startsWith('Tidak ada sasaran yang cocok dengan "kabid pariwisata".\n\nYang paling mirip:'),
    ).toBe(true);
  });

  it('offers close matches for a near miss in words', () => {
    const r = lookupPk(tree, 'keamanan siber kabupaten');
    expect(r.kind).toBe('not_found');
    expect(ids(r).some((id) => id.startsWith('bal.4'))).toBe(true);
  });

  it('asks for words when the query has none', () => {
    const r = lookupPk(tree, 'apa indikator saya?');
    expect(r.kind).toBe('empty');
    expect(formatPkAnswer(r)).toMatch(/^Tulis jabatan, pemegang PK atau kata kunci/);
    expect(formatPkAnswer(r, 'en')).toMatch(/^Give a post, PK holder or key words/);
  });
});

describe('formatPkAnswer', () => {
  it('gives sasaran, indicator, formula, unit, targets and the path to the outcome', () => {
    const r = lookupPk(balanganWithTargets(), 'indikator keamanan informasi');
    const text = formatPkAnswer(r);
    expect(text).toContain(
      [
        'Sasaran SKPD 4 · PK JPT',
        'Meningkatnya Keamanan Informasi',
        'Indikator: Indeks Keamanan Informasi (KAMI)',
        '  Formulasi: 0,5 x a + 0,5 x b',
        '    a = Nilai Indeks KAMI',
        '    b = Tingkat Kepatuhan Standar Keamanan SPBE',
        '  Satuan: Indeks · Baseline: 2.1 (2024)',
        '  Target: 2025: 2.5 · 2026: 2,75 · 2027: 3 · 2028: 3.25 · 2029: 3.5',
        'Jalur ke outcome: Meningkatnya Keamanan Informasi → Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas',
      ].join('\n'),
    );
  });

  it('shows the jabatan and says what is still missing, in English too', () => {
    const r = lookupPk(balanganWithTargets(), 'kabid statistik');
    const en = formatPkAnswer(r, 'en');
    expect(en).toMatch(/^2 targets found for "kabid statistik":/);
    expect(en).toContain('Sasaran Program 3.1 · PK Administrator · Kepala Bidang Statistik');
    expect(en).toContain('  Formula: not set');
    expect(en).toContain(
      'Path to the outcome: Meningkatnya Akses Data Sektoral → Meningkatnya Pemanfaatan Data Sektoral →',
    );
  });

  it('counts what it leaves out of a long answer', () => {
    const r = lookupPk(balangan(), 'jf');
    expect(r.kind === 'found' && r.total).toBe(19);
    expect(formatPkAnswer(r)).toMatch(/… dan 14 lainnya\. Persempit pencarian/);
  });
});
