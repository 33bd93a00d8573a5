import { describe, expect, it } from 'vitest';
import { buildCascade, mergedContinuations } from '../../../src/core/cascade/matrix.ts';
import { levelTable, pkTable } from '../../../src/core/cascade/tables.ts';
import { parseTree } from '../../../src/core/tree/parse.ts';
import type { Tree } from '../../../src/core/tree/schema.ts';
import { balangan, findNode } from '../../adapters/export/balangan.ts';

function tree(data: unknown): Tree {
  const parsed = parseTree(data);
  if (!parsed.ok) throw new Error(parsed.error[0]?.message);
  return parsed.value;
}

/** A Tahap 3 tree: no planning yet, so every node is placed by its level. */
const drafted = () =>
  tree({
    format: 'pokin/1',
    organization: { name: 'Dinas Komunikasi dan Informatika', region: 'Kabupaten Tabalong' },
    period: { from: 2025, to: 2026 },
    tree: {
      statement: 'Meningkatnya Kualitas Pelayanan Publik Berbasis Elektronik',
      level: 'outcome',
      indicators: [{ name: 'Indeks SPBE', unit: 'Indeks', targets: { '2025': 3.1, '2026': 3.3 } }],
      children: [
        {
          statement: 'Meningkatnya Keamanan Informasi',
          level: 'csf',
          indicators: [
            { name: 'Indeks KAMI', unit: 'Indeks' },
            { name: 'Persentase Insiden Siber yang Tertangani', unit: '%' },
          ],
          children: [
            {
              statement: 'Tersedianya Layanan Persandian',
              level: 'kondisi_operasional',
              indicators: [{ name: 'Jumlah Layanan Persandian', unit: 'Layanan' }],
            },
          ],
        },
      ],
    },
  });

describe('buildCascade', () => {
  it('places nodes without planning by level, one row per indicator, targets per period year', () => {
    const m = buildCascade(drafted());
    const header = m.columns.map((c) => c.header);
    expect(header.slice(-5)).toEqual(['Baseline', 'Target 2025', 'Target 2026', 'PK', 'Keterangan']);
    expect(m.rows.map((r) => r.indicator?.name)).toEqual([
      'Indeks SPBE',
      'Indeks KAMI',
      'Persentase Insiden Siber yang Tertangani',
      'Jumlah Layanan Persandian',
    ]);
    const col = (h: string) => header.indexOf(h);
    // the kondisi operasional skips the program and kegiatan columns
    expect(m.rows[3]!.cells[col('Sasaran Sub Kegiatan')]).toBe('Tersedianya Layanan Persandian');
    expect(m.rows[3]!.cells[col('Sasaran Program')]).toBeNull();
    expect(m.rows[0]!.cells[col('Target 2025')]).toBe(3.1);
  });

  it('merges a statement over its rows and subtree, and an indicator only when it is the only one', () => {
    const m = buildCascade(drafted());
    const header = m.columns.map((c) => c.header);
    expect(m.merges).toEqual([
      { column: header.indexOf('Tujuan'), from: 0, to: 3 },
      { column: header.indexOf('Indikator Tujuan'), from: 0, to: 3 },
      { column: header.indexOf('Sasaran SKPD'), from: 1, to: 3 },
    ]);
    const cont = mergedContinuations(m);
    expect(cont[3]![header.indexOf('Tujuan')]).toBe(true);
    expect(cont[0]![header.indexOf('Tujuan')]).toBe(false);
  });

  it('follows the planning component over the level when they differ', () => {
    const t = balangan();
    findNode(t, 'bal.4.1.1').planning = [{ component: 'sasaran_program', pk: 'Administrator' }];
    const m = buildCascade(t);
    const row = m.rows.find((r) => r.node.id === 'bal.4.1.1')!;
    const header = m.columns.map((c) => c.header);
    expect(row.cells[header.indexOf('Sasaran Program')]).toBe(
      'Meningkatnya Penanganan Gangguan Keamanan Informasi',
    );
    expect(row.cells[header.indexOf('Sasaran Kegiatan')]).toBeNull();
  });
});

describe('companion tables', () => {
  it('lists the tree by Tahap with the kinerja level in Keterangan', () => {
    const t = levelTable(balangan(), 'en');
    expect(t.rows[1]).toEqual([
      'Stage 2 · Critical success factor (CSF) · 1',
      'Meningkatnya Pengelolaan Informasi dan Komunikasi Perangkat Daerah Sesuai Peraturan yang Berlaku',
      'Persentase Perangkat Daerah yang Melaksanakan Pengelolaan Informasi dan Komunikasi Sesuai Peraturan yang Berlaku',
      'Strategic performance',
    ]);
  });

  it('puts a node without a PK holder under "Belum ditentukan", after the holders', () => {
    const t = pkTable(balangan());
    expect(t.rows).toHaveLength(44);
    expect(t.rows.at(-1)!.slice(0, 4)).toEqual([
      'Belum ditentukan',
      'Belum ditentukan',
      null,
      'Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas',
    ]);
    expect(t.rows[0]![0]).toBe('JPT (Kepala Dinas)');
  });
});
