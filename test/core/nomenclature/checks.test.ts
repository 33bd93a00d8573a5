/**
 * The nomenclature as the rules use it: the project's SIPD-layout fixture imported and indexed for
 * kab/kota, then the real Balangan Diskominfosan tree checked at Tahap 5 with codes on its planning.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSipdBytes } from '../../../src/adapters/nomenclature/read-sipd.ts';
import { officialIndicatorFor } from '../../../src/core/nomenclature/search.ts';
import { entriesForPemda } from '../../../src/core/nomenclature/select.ts';
import { createNomenclatureIndex, type NomenclatureIndex } from '../../../src/core/nomenclature/types.ts';
import { checkTree } from '../../../src/core/rules/index.ts';
import { parseTreeText } from '../../../src/core/tree/parse.ts';
import type { Node, Planning, Tree } from '../../../src/core/tree/schema.ts';
import { sipdCsv } from '../../fixtures/sipd/build.ts';

async function kabKotaIndex(): Promise<NomenclatureIndex> {
  const read = await readSipdBytes(Buffer.from(sipdCsv()), 'kominfo-sipd.csv');
  if (!read.ok) throw new Error(read.error.message.en);
  return createNomenclatureIndex('2027', entriesForPemda(read.value.entries, 'kab_kota'));
}

function balangan(): Tree {
  const parsed = parseTreeText(readFileSync('examples/balangan-diskominfosan.json', 'utf8'));
  if (!parsed.ok) throw new Error('the Balangan example no longer parses');
  return parsed.value;
}

function node(tree: Tree, id: string): Node {
  const walk = (n: Node): Node | undefined => (n.id === id ? n : n.children?.map(walk).find(Boolean));
  const found = walk(tree.tree);
  if (!found) throw new Error(`no node ${id}`);
  return found;
}

/** Give a Balangan sasaran_sub_kegiatan codes, as Tahap 5 does once a sub kegiatan is chosen. */
function coded(
  tree: Tree,
  id: string,
  program: string,
  kegiatan: string,
  sub: { code: string; name: string },
) {
  const entry = node(tree, id).planning?.[0] as Planning;
  entry.program = { code: program, name: entry.program?.name ?? '' };
  entry.kegiatan = { code: kegiatan, name: entry.kegiatan?.name ?? '' };
  entry.subKegiatan = sub;
}

function pln05(tree: Tree, nomenclature: NomenclatureIndex, id: string) {
  return checkTree(tree, { stage: 5, nomenclature }).filter((f) => f.rule === 'PLN-05' && f.nodeId === id);
}

describe('PLN-05 against the imported SIPD list', () => {
  it('flags a sub kegiatan name that does not match its code, offering the official name', async () => {
    const nomenclature = await kabKotaIndex();
    const tree = balangan();
    // Balangan wrote "Pelayanaan Informasi Publik" (sic) for the PPID service; its 2027 code is 0025.
    coded(tree, 'bal.1.2.1.4', '2.16.02', '2.16.02.2.01', {
      code: '2.16.02.2.01.0025',
      name: 'Pelayanaan Informasi Publik',
    });
    const findings = pln05(tree, nomenclature, 'bal.1.2.1.4');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: 'warning',
      path: '$.tree.children[0].children[1].children[0].children[3].planning[0].subKegiatan.name',
      text: 'Pelayanaan Informasi Publik',
      suggestion:
        'Pelayanan Informasi Publik serta Dukungan Administratif, Keuangan, dan Tata Kelola Komisi Informasi di Kabupaten/Kota',
    });
    expect(findings[0]?.message.id).toContain('tidak sesuai dengan kode 2.16.02.2.01.0025');
  });

  it('recognises last year’s code and offers the code that replaces it', async () => {
    const nomenclature = await kabKotaIndex();
    const tree = balangan();
    coded(tree, 'bal.2.1.1.1', '2.16.03', '2.16.03.2.02', {
      code: '2.16.03.2.02.0036',
      name: 'Penyediaan Akses Internet',
    });
    expect(nomenclature.successorOf('2.16.03.2.02.0036')?.code).toBe('2.16.03.2.02.0040');
    const findings = pln05(tree, nomenclature, 'bal.2.1.1.1');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      path: '$.tree.children[1].children[0].children[0].children[0].planning[0].subKegiatan.code',
      text: '2.16.03.2.02.0036',
      suggestion: '2.16.03.2.02.0040',
    });
    expect(findings[0]?.message.en).toContain('replaced by “2.16.03.2.02.0040” (Penyediaan Akses Internet)');
  });

  it('lets a correct code and official name pass, and offers its official indicator', async () => {
    const nomenclature = await kabKotaIndex();
    const tree = balangan();
    coded(tree, 'bal.4.1.1.1', '2.21.02', '2.21.02.2.01', {
      code: '2.21.02.2.01.0010',
      name: 'pelaksanaan keamanan informasi pemerintahan daerah kabupaten/kota berbasis elektronik dan non elektronik',
    });
    expect(pln05(tree, nomenclature, 'bal.4.1.1.1')).toEqual([]);
    expect(officialIndicatorFor(nomenclature, '2.21.02.2.01.0010')).toEqual({
      indicator: 'Jumlah perangkat daerah yang menerapkan keamanan informasi',
      unit: 'Perangkat Daerah',
      kinerja: 'Terlaksananya keamanan informasi pemerintah daerah',
    });
  });

  it('flags a code that is in neither this version nor as a replaced code', async () => {
    const nomenclature = await kabKotaIndex();
    const tree = balangan();
    coded(tree, 'bal.2.1.1.1', '2.16.03', '2.16.03.2.02', {
      code: '2.16.03.2.02.0099',
      name: 'Penyediaan Akses Internet',
    });
    const findings = pln05(tree, nomenclature, 'bal.2.1.1.1');
    expect(findings.map((f) => [f.text, f.suggestion])).toEqual([['2.16.03.2.02.0099', undefined]]);
    expect(findings[0]?.message.id).toContain('tidak ada di nomenklatur versi 2027');
  });
});
