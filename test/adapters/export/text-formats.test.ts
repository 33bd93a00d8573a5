import { describe, expect, it } from 'vitest';
import { csvField, renderCsv } from '../../../src/adapters/export/csv.ts';
import { createExporter } from '../../../src/adapters/export/index.ts';
import { renderMarkdown } from '../../../src/adapters/export/markdown.ts';
import { buildCascade } from '../../../src/core/cascade/matrix.ts';
import { parseTreeText } from '../../../src/core/tree/parse.ts';
import { balangan, balanganWithTargets, findNode } from './balangan.ts';

/** A small RFC 4180 reader, to read the export back as a spreadsheet would. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

describe('CSV of the cascading matrix', () => {
  it('starts with a BOM, ends rows with CRLF and quotes fields with commas, quotes or line breaks', () => {
    expect(csvField('Koordinasi dan Sinkronisasi Pengumpulan, Pengolahan')).toBe(
      '"Koordinasi dan Sinkronisasi Pengumpulan, Pengolahan"',
    );
    expect(csvField('Indeks "KAMI"')).toBe('"Indeks ""KAMI"""');
    expect(csvField('0,5 x a\na: Indeks')).toBe('"0,5 x a\na: Indeks"');
    expect(csvField(2.5)).toBe('2.5');
    expect(csvField(null)).toBe('');
    const csv = renderCsv(balangan());
    expect(csv.startsWith('\uFEFFTujuan,Indikator Tujuan,Sasaran SKPD,Indikator,Program,')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/(^|[^"])\n/);
  });

  it('reads back as the same matrix, every row standing alone (merged values filled down)', () => {
    const tree = balanganWithTargets();
    const rows = parseCsv(renderCsv(tree).slice(1));
    const matrix = buildCascade(tree);
    expect(rows).toHaveLength(matrix.rows.length + 1);
    expect(rows[0]).toEqual(matrix.columns.map((c) => c.header));
    expect(rows.every((r) => r.length === matrix.columns.length)).toBe(true);
    const main = rows.slice(1, 45);
    expect(main.every((r) => r[0] === 'Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas')).toBe(
      true,
    );
    const keamanan = rows.find((r) => r[2] === 'Meningkatnya Keamanan Informasi' && r[5] === '')!;
    expect(keamanan.slice(13, 21)).toEqual([
      '0,5 x a + 0,5 x b\na: Nilai Indeks KAMI\nb: Tingkat Kepatuhan Standar Keamanan SPBE',
      'Indeks',
      '2.1 (2024)',
      '2.5',
      '2,75',
      '3',
      '3.25',
      '3.5',
    ]);
    const sub = rows.find((r) => r[11] === 'Tersedianya Media Publikasi Data')!;
    expect(sub[10]).toBe(
      'Koordinasi dan Sinkronisasi Pengumpulan, Pengolahan, Analisis dan Diseminasi Data Statistik Sektoral',
    );
    expect(sub[5]).toBe('Meningkatnya Akses Data Sektoral');
  });
});

describe('Markdown of the cascading matrix', () => {
  it('is a GFM table whose merged cells show their value once', () => {
    const md = renderMarkdown(balangan());
    const lines = md.trimEnd().split('\n');
    expect(lines[0]).toBe('# Cascading Kinerja — Dinas Komunikasi, Informatika, Statistik dan Persandian');
    const table = lines.filter((l) => l.startsWith('|'));
    expect(table[0]).toMatch(/^\| Tujuan \| Indikator Tujuan \| Sasaran SKPD \| Indikator \| Program \|/);
    expect(table[1]).toMatch(/^\|---\|---\|/);
    expect(table).toHaveLength(2 + 45);
    const pipes = (l: string) => (l.match(/(?<!\\)\|/g) ?? []).length;
    expect(new Set(table.map(pipes))).toEqual(new Set([buildCascade(balangan()).columns.length + 1]));
    expect(md.split('Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas')).toHaveLength(2);
  });

  it('escapes pipes and turns line breaks into <br>', () => {
    const tree = balanganWithTargets();
    findNode(tree, 'bal.4.1').statement = 'Meningkatnya Penyelesaian Gangguan | Insiden Keamanan Informasi';
    const md = renderMarkdown(tree);
    expect(md).toContain('Meningkatnya Penyelesaian Gangguan \\| Insiden Keamanan Informasi');
    expect(md).toContain(
      '0,5 x a + 0,5 x b<br>a: Nilai Indeks KAMI<br>b: Tingkat Kepatuhan Standar Keamanan SPBE',
    );
  });
});

describe('pokin/1 JSON export', () => {
  it('parses back to the same tree', async () => {
    const tree = balanganWithTargets();
    const file = await createExporter().export(tree, 'json');
    expect(file.filename).toBe('pokin-diskominfosan.json');
    const text = new TextDecoder().decode(file.data);
    expect(text).toContain('\n  "format": "pokin/1",');
    const back = parseTreeText(text);
    expect(back.ok && back.value).toEqual(tree);
  });
});
