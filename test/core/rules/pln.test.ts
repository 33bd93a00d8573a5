import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createNomenclatureIndex, type NomenclatureEntry } from '../../../src/core/nomenclature/types.ts';
import { buildContext } from '../../../src/core/rules/context.ts';
import { plnRules } from '../../../src/core/rules/pln.ts';
import type { Finding } from '../../../src/core/rules/types.ts';
import { parseTree } from '../../../src/core/tree/parse.ts';
import type { NodeInput, Planning, Tree } from '../../../src/core/tree/schema.ts';

/** A few real Kominfo entries (kab/kota, SIPD 2027 list), written here by hand. */
const ENTRIES: NomenclatureEntry[] = [
  { code: '2.16.02', level: 'program', name: 'PROGRAM PENGELOLAAN INFORMASI DAN KOMUNIKASI PUBLIK' },
  {
    code: '2.16.02.2.01',
    level: 'kegiatan',
    name: 'Pengelolaan Informasi dan Komunikasi Publik Pemerintah Daerah Kabupaten/Kota',
  },
  {
    code: '2.16.02.2.01.0025',
    level: 'sub_kegiatan',
    name: 'Pelayanan Informasi Publik',
    indicator: 'Persentase permohonan Informasi Publik yang diselesaikan sesuai peraturan perundangan',
    unit: '%',
    previousCodes: ['2.16.02.2.01.0017'],
  },
  { code: '2.16.02.2.01.0002', level: 'sub_kegiatan', name: 'Monitoring Opini dan Aspirasi Publik' },
  { code: '2.16.03', level: 'program', name: 'PROGRAM PENGELOLAAN APLIKASI INFORMATIKA' },
  {
    code: '2.16.03.2.02',
    level: 'kegiatan',
    name: 'Pengelolaan E-government di Lingkup Pemerintah Daerah Kabupaten/Kota',
  },
  {
    code: '2.16.03.2.02.0043',
    level: 'sub_kegiatan',
    name: 'Penyelenggaraan Jaringan Intra Pemerintah Daerah Kab/Kota',
    indicator:
      'Jumlah perangkat daerah di pemerintah Kab/Kota yang terhubung dengan Jaringan Intra Pemerintah Daerah Kab/Kota',
    unit: 'Titik',
  },
];
const nomenclature = createNomenclatureIndex('2027', ENTRIES);

const PROGRAM_IKP = { code: '2.16.02', name: 'PROGRAM PENGELOLAAN INFORMASI DAN KOMUNIKASI PUBLIK' };
const KEGIATAN_IKP = {
  code: '2.16.02.2.01',
  name: 'Pengelolaan Informasi dan Komunikasi Publik Pemerintah Daerah Kabupaten/Kota',
};
const SUB_PIP = { code: '2.16.02.2.01.0025', name: 'Pelayanan Informasi Publik' };

/** The Balangan chain outcome → csf → kau → ka → ko with the given planning on the lower three. */
function chain(plan: { kau?: Planning[]; ka?: Planning[]; ko?: Planning[]; csf?: Planning[] }): Tree {
  const node = (
    id: string,
    statement: string,
    level: NodeInput['level'],
    planning?: Planning[],
    children: NodeInput[] = [],
  ): NodeInput => ({
    id,
    statement,
    level,
    ...(planning ? { planning } : {}),
    children,
  });
  const ko = node(
    'bal.1.2.2.3',
    'Terlayaninya Permohonan Informasi Publik Masyarakat',
    'kondisi_operasional',
    plan.ko,
  );
  const ka = node(
    'bal.1.2.2',
    'Meningkatnya Penyelesaian Sengketa Informasi Publik dan Pengaduan Publik',
    'kondisi_antara',
    plan.ka,
    [ko],
  );
  const kau = node(
    'bal.1.2',
    'Meningkatnya Penyebarluasan Informasi Publik',
    'kondisi_antara_utama',
    plan.kau,
    [ka],
  );
  const csf = node(
    'bal.1',
    'Meningkatnya Pengelolaan Informasi dan Komunikasi Perangkat Daerah Sesuai Peraturan yang Berlaku',
    'csf',
    plan.csf ?? [{ component: 'sasaran_skpd', pk: 'JPT' }],
    [kau],
  );
  const parsed = parseTree({
    format: 'pokin/1',
    organization: {
      name: 'Dinas Komunikasi, Informatika, Statistik dan Persandian',
      region: 'Kabupaten Balangan',
    },
    tree: {
      ...node(
        'bal.o',
        'Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas',
        'outcome',
        [{ component: 'tujuan' }],
        [csf],
      ),
      basis: [{ kind: 'mandat', text: 'Urusan komunikasi dan informatika, statistik, persandian' }],
    },
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
}

const KO_ENTRY = {
  component: 'sasaran_sub_kegiatan',
  pk: 'JF',
  jabatan: 'Pranata Humas Ahli Muda',
  program: PROGRAM_IKP,
  kegiatan: KEGIATAN_IKP,
  subKegiatan: SUB_PIP,
} satisfies Planning;

const GOOD = {
  kau: [{ component: 'sasaran_program', pk: 'Administrator', program: PROGRAM_IKP }],
  ka: [{ component: 'sasaran_kegiatan', pk: 'Pengawas', program: PROGRAM_IKP, kegiatan: KEGIATAN_IKP }],
  ko: [KO_ENTRY],
} satisfies Parameters<typeof chain>[0];

/** Every message a person reads is complete: no placeholder left unfilled, in either language. */
function filled(fs: Finding[]): Finding[] {
  for (const f of fs) {
    expect(`${f.message.id} ${f.message.en}`, f.rule).not.toMatch(/\{\w+\}/);
  }
  return fs;
}

const check = (tree: Tree, withNomenclature = true): Finding[] =>
  filled(
    plnRules.check(
      buildContext(tree, { stage: 5, nomenclature: withNomenclature ? nomenclature : undefined }),
    ),
  );
const summary = (fs: Finding[]) => fs.map((f) => `${f.rule} ${f.severity} ${f.path}`);

describe('PLN: a correctly planned chain passes clean', () => {
  it('has no finding with codes, names and PK holders as the nomenclature has them', () => {
    expect(check(chain(GOOD))).toEqual([]);
  });
});

describe('PLN-01: every node has a planning entry', () => {
  it('reports a node with none', () => {
    const fs = check(chain({ ...GOOD, ka: undefined }));
    expect(summary(fs)).toEqual(['PLN-01 error $.tree.children[0].children[0].children[0].planning']);
    expect(fs[0]?.text).toBe('Meningkatnya Penyelesaian Sengketa Informasi Publik dan Pengaduan Publik');
  });

  it('leaves crosscutting nodes to the partner organisation', () => {
    const tree = chain(GOOD);
    const parsed = parseTree({
      format: 'pokin/1',
      organization: tree.organization,
      tree: tree.tree,
      crosscutting: [
        {
          statement: 'Terpenuhinya Data Statistik Sektoral oleh SKPD',
          level: 'csf',
          crosscutting: { with: ['SKPD'] },
        },
      ],
    });
    expect(parsed.ok && check(parsed.value)).toEqual([]);
  });
});

describe('PLN-02: the component fits the level', () => {
  it('warns when a kondisi antara is mapped to a sasaran program, suggesting sasaran kegiatan', () => {
    const fs = check(
      chain({ ...GOOD, ka: [{ component: 'sasaran_program', pk: 'Administrator', program: PROGRAM_IKP }] }),
    );
    expect(summary(fs)).toEqual([
      'PLN-02 warning $.tree.children[0].children[0].children[0].planning[0].component',
    ]);
    expect(fs[0]?.suggestion).toBe('sasaran_kegiatan');
  });
});

describe('PLN-03: the PK holder, from the pk field only', () => {
  it('reports a sasaran kegiatan with no pk even when its jabatan names a post', () => {
    const ka = [
      {
        component: 'sasaran_kegiatan',
        jabatan: 'Kepala Bidang Informasi dan Komunikasi Publik',
        program: PROGRAM_IKP,
        kegiatan: KEGIATAN_IKP,
      },
    ] satisfies Planning[];
    const fs = check(chain({ ...GOOD, ka }));
    expect(summary(fs)).toEqual(['PLN-03 error $.tree.children[0].children[0].children[0].planning[0].pk']);
    expect(fs[0]?.message.en).toContain('Administrator/Pengawas/JF');
  });

  it('reports a holder that does not fit the component', () => {
    const fs = check(
      chain({ ...GOOD, kau: [{ component: 'sasaran_program', pk: 'JF', program: PROGRAM_IKP }] }),
    );
    expect(summary(fs)).toEqual(['PLN-03 error $.tree.children[0].children[0].planning[0].pk']);
    expect(fs[0]?.suggestion).toBe('Administrator');
    expect(fs[0]?.message.id).toContain('dipegang JF');
  });

  it('asks no holder of the tujuan', () => {
    expect(check(chain(GOOD)).filter((f) => f.rule === 'PLN-03')).toEqual([]);
  });
});

describe('PLN-04: components name their program/kegiatan and codes nest', () => {
  it('reports a sasaran sub kegiatan that names no sub kegiatan', () => {
    const ko = [
      { component: 'sasaran_sub_kegiatan', pk: 'JF', program: PROGRAM_IKP, kegiatan: KEGIATAN_IKP },
    ] satisfies Planning[];
    const fs = check(chain({ ...GOOD, ko }));
    expect(summary(fs)).toEqual([
      'PLN-04 error $.tree.children[0].children[0].children[0].children[0].planning[0].subKegiatan',
    ]);
    expect(fs[0]?.message.id).toContain('belum menyebut sub kegiatan');
  });

  it('reports a kegiatan code that does not start with its program code', () => {
    const kegiatan = {
      code: '2.16.03.2.02',
      name: 'Pengelolaan E-government di Lingkup Pemerintah Daerah Kabupaten/Kota',
    };
    const ka = [
      { component: 'sasaran_kegiatan', pk: 'Pengawas', program: PROGRAM_IKP, kegiatan },
    ] satisfies Planning[];
    const fs = check(chain({ ...GOOD, ka, ko: [{ ...KO_ENTRY, kegiatan }] }), false);
    expect(fs.filter((f) => f.rule === 'PLN-04').map((f) => f.path)).toEqual([
      '$.tree.children[0].children[0].children[0].planning[0].kegiatan.code',
      '$.tree.children[0].children[0].children[0].children[0].planning[0].kegiatan.code',
      '$.tree.children[0].children[0].children[0].children[0].planning[0].subKegiatan.code',
    ]);
  });

  it('compares a sub kegiatan code with the program code when the kegiatan has none', () => {
    const ko = [
      {
        ...KO_ENTRY,
        kegiatan: { name: KEGIATAN_IKP.name },
        subKegiatan: {
          code: '2.16.03.2.02.0043',
          name: 'Penyelenggaraan Jaringan Intra Pemerintah Daerah Kab/Kota',
        },
      },
    ] satisfies Planning[];
    const fs = check(chain({ ...GOOD, ko }), false).filter((f) => f.rule === 'PLN-04');
    expect(fs.map((f) => f.path)).toEqual([
      '$.tree.children[0].children[0].children[0].children[0].planning[0].subKegiatan.code',
    ]);
    expect(fs[0]?.message.id).toContain('kode program “2.16.02”');
  });

  it('is satisfied by names without codes (as the Balangan cascading gives them)', () => {
    const strip = (p: Planning): Planning => ({
      ...p,
      ...(p.program ? { program: { name: p.program.name } } : {}),
      ...(p.kegiatan ? { kegiatan: { name: p.kegiatan.name } } : {}),
      ...(p.subKegiatan ? { subKegiatan: { name: p.subKegiatan.name } } : {}),
    });
    const fs = check(chain({ kau: GOOD.kau.map(strip), ka: GOOD.ka.map(strip), ko: GOOD.ko.map(strip) }));
    expect(fs).toEqual([]);
  });
});

describe('PLN-05: codes and names against the nomenclature', () => {
  const withSub = (subKegiatan: { code?: string; name: string }) =>
    chain({ ...GOOD, ko: [{ ...KO_ENTRY, subKegiatan }] });
  const at = '$.tree.children[0].children[0].children[0].children[0].planning[0].subKegiatan';

  it('names the successor of an old sub kegiatan code', () => {
    const fs = check(withSub({ code: '2.16.02.2.01.0017', name: 'Pelayanan Informasi Publik' }));
    expect(summary(fs)).toEqual([`PLN-05 warning ${at}.code`]);
    expect(fs[0]?.suggestion).toBe('2.16.02.2.01.0025');
    expect(fs[0]?.message.id).toContain('Pelayanan Informasi Publik');
  });

  it('reports a code that is not in the list', () => {
    const fs = check(withSub({ code: '2.16.02.2.01.0099', name: 'Pelayanan Informasi Publik' }));
    expect(summary(fs)).toEqual([`PLN-05 warning ${at}.code`]);
    expect(fs[0]?.message.en).toContain('not in nomenclature version 2027');
  });

  it('reports a name that does not match its code, offering the official name', () => {
    const fs = check(withSub({ code: '2.16.02.2.01.0025', name: 'Monitoring Opini dan Aspirasi Publik' }));
    expect(summary(fs)).toEqual([`PLN-05 warning ${at}.name`]);
    expect(fs[0]?.suggestion).toBe('Pelayanan Informasi Publik');
  });

  it('compares names case- and space-folded', () => {
    expect(check(withSub({ code: '2.16.02.2.01.0025', name: 'PELAYANAN  informasi publik' }))).toEqual([]);
  });

  it('offers the nearest official name for the Balangan misspelling "Pelayanaan Informasi Publik"', () => {
    const fs = check(withSub({ name: 'Pelayanaan Informasi Publik' }));
    expect(summary(fs)).toEqual([`PLN-05 warning ${at}.name`]);
    expect(fs[0]?.suggestion).toBe('Pelayanan Informasi Publik');
  });

  it('reports a name it cannot place at all', () => {
    const fs = check(withSub({ name: 'Penyelenggaraan Hubungan Masyarakat, Media dan Kemitraan Komunitas' }));
    expect(summary(fs)).toEqual([`PLN-05 warning ${at}.name`]);
    expect(fs[0]?.suggestion).toBeUndefined();
  });

  it('is silent when no nomenclature is given', () => {
    expect(check(withSub({ code: '2.16.02.2.01.0099', name: 'Nama Bebas' }), false)).toEqual([]);
  });
});

describe('PLN-06: a child lies inside its parent’s program/kegiatan', () => {
  it('reports a sasaran kegiatan under a sasaran program of another program', () => {
    const program = { code: '2.16.03', name: 'PROGRAM PENGELOLAAN APLIKASI INFORMATIKA' };
    const kau = [{ component: 'sasaran_program', pk: 'Administrator', program }] satisfies Planning[];
    const fs = check(chain({ ...GOOD, kau }));
    expect(summary(fs)).toEqual([
      'PLN-06 error $.tree.children[0].children[0].children[0].planning[0].kegiatan.code',
    ]);
    expect(fs[0]?.message.id).toMatch(
      /^PLN-06: Kegiatan “Pengelolaan Informasi .*” \(2\.16\.02\.2\.01\) pada /,
    );
    expect(fs[0]?.message.id).toContain('(2.16.03)');
    expect(fs[0]?.message.en).not.toMatch(/\{\w+\}/);
  });

  it('is silent where the parent has no code', () => {
    const kau = [
      { component: 'sasaran_program', pk: 'Administrator', program: { name: PROGRAM_IKP.name } },
    ] satisfies Planning[];
    expect(check(chain({ ...GOOD, kau }))).toEqual([]);
  });
});

describe('PLN on the real Balangan tree', () => {
  const parsed = parseTree(JSON.parse(readFileSync('examples/balangan-diskominfosan.json', 'utf8')));
  if (!parsed.ok) throw new Error('example does not parse');
  const fs = plnRules.check(buildContext(parsed.value, { stage: 5 }));

  it('finds no planning error: every box is mapped, with a fitting PK holder, and names nest', () => {
    expect(fs.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('leaves the PK-less crosscutting csf alone', () => {
    expect(fs.filter((f) => f.path.startsWith('$.crosscutting'))).toEqual([]);
  });
});
