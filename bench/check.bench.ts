/**
 * Checker numbers: checkTree at Tahap 5 on generated trees of about 1,000 and 10,000 nodes (medians of
 * several runs, wall and CPU time), nodes per second, CPU per rule family, and the 10k/1k ratio
 * (TRE-06's near-duplicate search must not go quadratic).
 */
import { performance } from 'node:perf_hooks';
import { buildContext, checkTree, families } from '../src/core/rules/index.ts';
import { parseTree } from '../src/core/tree/parse.ts';
import type { NodeInput, Tree } from '../src/core/tree/schema.ts';

const CONDITION = [
  'Meningkatnya',
  'Terwujudnya',
  'Tersedianya',
  'Terlaksananya',
  'Terkelolanya',
  'Berkembangnya',
  'Terintegrasinya',
  'Terpenuhinya',
  'Terselenggaranya',
  'Optimalnya',
];
const SUBJECT = [
  'Kualitas',
  'Akses',
  'Pemanfaatan',
  'Keamanan',
  'Cakupan',
  'Integrasi',
  'Ketersediaan',
  'Publikasi',
  'Penyelesaian',
  'Kapasitas',
  'Keterbukaan',
  'Interoperabilitas',
  'Literasi',
  'Kecepatan',
  'Keandalan',
  'Pemerataan',
  'Kepatuhan',
  'Akurasi',
  'Kelengkapan',
  'Pemutakhiran',
];
const OBJECT = [
  'Data Sektoral',
  'Informasi Publik',
  'Jaringan Intra Pemerintah',
  'Aplikasi Layanan Publik',
  'Layanan TIK',
  'Pengaduan Masyarakat',
  'Sistem Persandian',
  'Metadata Statistik',
  'Portal Satu Data',
  'Media Komunikasi Publik',
  'Pusat Data Daerah',
  'Sertifikat Elektronik',
  'Kelompok Informasi Masyarakat',
  'Website Perangkat Daerah',
  'Arsip Dinamis',
  'Layanan Kependudukan',
  'Sistem Informasi Kesehatan',
  'Data Pendidikan',
  'Layanan Perizinan',
  'Sistem Keuangan Daerah',
  'Jaringan Internet Desa',
  'Konten Berita Daerah',
  'Statistik Sektoral',
];
const QUALIFIER = [
  'yang Berkualitas',
  'Berbasis Elektronik',
  'secara Berkala',
  'yang Terstandar',
  'yang Mutakhir',
  'Tepat Waktu',
  'sesuai Standar Pelayanan',
  'yang Aman',
  'yang Terpadu',
  'bagi Masyarakat',
];
const SYLLABLE = [
  'ba',
  'lang',
  'an',
  'pa',
  'ri',
  'nga',
  'ju',
  'hi',
  'tan',
  'ka',
  'wa',
  'yan',
  'lam',
  'pu',
  'ung',
  'su',
  'ma',
  'ra',
];
const AREA = ['Kecamatan', 'Desa', 'Kelurahan', 'Puskesmas', 'Sekolah', 'Kantor'];
const KINERJA = {
  csf: 'strategis',
  kondisi_antara_utama: 'taktikal_intermediate',
  kondisi_antara: 'taktikal_immediate',
  kondisi_operasional: 'operasional',
} as const;
const COMPONENT = {
  csf: 'sasaran_skpd',
  kondisi_antara_utama: 'sasaran_program',
  kondisi_antara: 'sasaran_kegiatan',
  kondisi_operasional: 'sasaran_sub_kegiatan',
} as const;
/** What each level's planning entry names: program, then kegiatan, then sub kegiatan (codes nest). */
const NOMENCLATURE = [
  { program: { code: '2.16.02', name: 'PROGRAM PENGELOLAAN INFORMASI DAN KOMUNIKASI PUBLIK' } },
  {
    kegiatan: {
      code: '2.16.02.2.01',
      name: 'Pengelolaan Informasi dan Komunikasi Publik Pemerintah Daerah Kabupaten/Kota',
    },
  },
  {
    subKegiatan: {
      code: '2.16.02.2.01.0001',
      name: 'Perumusan Kebijakan Teknis di Bidang Informasi dan Komunikasi Publik',
    },
  },
];
const PK = {
  csf: 'JPT',
  kondisi_antara_utama: 'Administrator',
  kondisi_antara: 'Pengawas',
  kondisi_operasional: 'JF',
} as const;

/**
 * A deterministic tree of about `size` nodes (6 csf, then a fixed fan-out per level down to kondisi operasional) with
 * statements worded like real ones: a condition word, a subject, an object, a qualifier and a place name,
 * about 1% of them near-duplicates of an earlier statement, so TRE-06 has real work to do.
 */
export function generateTree(size: number): Tree {
  let seed = 42;
  /** mulberry32: a small deterministic 32-bit generator (no Math.random, same tree every run). */
  const rnd = (n: number) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) % n;
  };
  const pick = <T>(list: readonly T[]) => list[rnd(list.length)]!;
  const placeName = () => {
    const s = Array.from({ length: 2 + rnd(2) }, () => pick(SYLLABLE)).join('');
    return s.charAt(0).toUpperCase() + s.slice(1);
  };
  const perCsf = (size - 1) / 6;
  const fan = Math.max(1, Math.floor(perCsf ** (1 / 3)));
  const fans = [fan, fan, Math.max(1, Math.round((perCsf - 1 - fan - fan * fan) / (fan * fan)))];
  const levels = ['csf', 'kondisi_antara_utama', 'kondisi_antara', 'kondisi_operasional'] as const;
  const written: string[] = [];
  const make = (depth: number): NodeInput => {
    const level = levels[depth]!;
    const object = pick(OBJECT);
    const earlier = written[rnd(Math.max(1, written.length))];
    const place = `${pick(AREA)} ${placeName()}`;
    const statement =
      earlier && rnd(100) === 0
        ? `${earlier} ${pick(AREA)}`
        : `${pick(CONDITION)} ${pick(SUBJECT)} ${object} ${pick(QUALIFIER)} di ${place} ${placeName()}`;
    written.push(statement);
    const children =
      depth < levels.length - 1 ? Array.from({ length: fans[depth]! }, () => make(depth + 1)) : [];
    return {
      statement,
      level,
      indicators: [
        {
          name: `Persentase ${object} yang Terlayani di ${place}`,
          kinerja: KINERJA[level],
          unit: '%',
          formula: `(Jumlah ${object.toLowerCase()} yang terlayani / Jumlah seluruh ${object.toLowerCase()}) x 100%`,
          targets: { '2025': 70, '2026': 75, '2027': '80', '2028': '85,5', '2029': 90 },
          baseline: { year: 2024, value: 65 },
        },
      ],
      planning: [
        {
          component: COMPONENT[level],
          pk: PK[level],
          ...Object.assign({}, ...NOMENCLATURE.slice(0, depth)),
        },
      ],
      children,
    };
  };
  const root: NodeInput = {
    statement: 'Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas',
    level: 'outcome',
    basis: [{ kind: 'mandat', text: 'Urusan komunikasi dan informatika, statistik, dan persandian' }],
    indicators: [
      {
        name: 'Indeks SPBE',
        kinerja: 'strategis',
        unit: 'Indeks',
        targets: { '2025': 3, '2026': 3.2, '2027': 3.4, '2028': 3.6, '2029': 3.8 },
      },
    ],
    planning: [{ component: 'tujuan' }],
    children: Array.from({ length: 6 }, () => make(0)),
  };
  const parsed = parseTree({
    format: 'pokin/1',
    organization: { name: 'Dinas Komunikasi, Informatika, Statistik dan Persandian', short: 'Diskominfosan' },
    period: { from: 2025, to: 2029 },
    tree: root,
  });
  if (!parsed.ok) throw new Error(`generated tree does not parse: ${JSON.stringify(parsed.error[0])}`);
  return parsed.value;
}

function countNodes(tree: Tree): number {
  let n = 0;
  const walk = (node: Tree['tree']) => {
    n++;
    node.children.forEach(walk);
  };
  walk(tree.tree);
  return n;
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(tree: Tree, runs: number): { ms: number; cpuMs: number; findings: number } {
  let findings = 0;
  for (let i = 0; i < 3; i++) findings = checkTree(tree, { stage: 5 }).length;
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    findings = checkTree(tree, { stage: 5 }).length;
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { ms: median(wall), cpuMs: median(cpu), findings };
}

export default async function run(): Promise<void> {
  const results: Array<{ nodes: number; ms: number }> = [];
  for (const size of [1_000, 10_000]) {
    const tree = generateTree(size);
    const nodes = countNodes(tree);
    const { ms, cpuMs, findings } = time(tree, 7);
    results.push({ nodes, ms });
    console.log(
      `checkTree stage 5, ${nodes.toLocaleString('en')} nodes: ${ms.toFixed(1)} ms wall, ${cpuMs.toFixed(1)} ms CPU ` +
        `(medians of 7; ${Math.round((nodes / ms) * 1000).toLocaleString('en')} nodes/s; ${findings} findings)`,
    );
  }
  const tree = generateTree(10_000);
  const ctx = buildContext(tree, { stage: 5 });
  const perFamily = families.map((f) => {
    const cpu: number[] = [];
    for (let i = 0; i < 7; i++) {
      const c0 = process.cpuUsage();
      f.check(ctx);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
    }
    return `${f.family} ${median(cpu).toFixed(0)}`;
  });
  console.log(
    `per family at ${ctx.nodes.length.toLocaleString('en')} nodes, ms CPU (median of 7): ${perFamily.join(', ')}`,
  );
  const [small, big] = results;
  if (small && big) {
    console.log(
      `ratio ${(big.nodes / small.nodes).toFixed(1)}x nodes → ${(big.ms / small.ms).toFixed(1)}x time (equal ratios would be linear)`,
    );
  }
}
