import { readFileSync } from 'node:fs';
import { parseTree, parseTreeText } from '../../../src/core/tree/parse.ts';
import type { NodeInput, Tree } from '../../../src/core/tree/schema.ts';

export const ORG = {
  name: 'Dinas Komunikasi, Informatika, Statistik dan Persandian',
  short: 'Diskominfosan',
};
export const MANDATE = [
  { kind: 'mandat' as const, text: 'Urusan komunikasi dan informatika, statistik, dan persandian' },
];

/** A pokin/1 tree from a root node (and crosscutting nodes); the test fails if it does not parse. */
export function treeOf(root: NodeInput, crosscutting: NodeInput[] = []): Tree {
  const parsed = parseTree({ format: 'pokin/1', organization: ORG, tree: root, crosscutting });
  if (!parsed.ok) throw new Error(`fixture does not parse: ${JSON.stringify(parsed.error)}`);
  return parsed.value;
}

/** The real Balangan tree (examples/balangan-diskominfosan.json). */
export function balangan(): Tree {
  const parsed = parseTreeText(readFileSync('examples/balangan-diskominfosan.json', 'utf8'));
  if (!parsed.ok) throw new Error('the Balangan example must parse');
  return parsed.value;
}

/** A complete, clean branch outcome → csf → kau → ka → ko, for rules that look at one node in context. */
export function chain(statements: {
  outcome?: string;
  csf?: string;
  kau?: string;
  ka?: string;
  ko?: string;
}): NodeInput {
  return {
    id: 'o',
    statement: statements.outcome ?? 'Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas',
    level: 'outcome',
    basis: MANDATE,
    children: [
      {
        id: 'c',
        statement: statements.csf ?? 'Meningkatnya Pemanfaatan Data Sektoral',
        level: 'csf',
        children: [
          {
            id: 'u',
            statement: statements.kau ?? 'Meningkatnya Akses Data Sektoral',
            level: 'kondisi_antara_utama',
            children: [
              {
                id: 'a',
                statement: statements.ka ?? 'Terlaksananya Publikasi/Diseminasi Data Sektoral',
                level: 'kondisi_antara',
                children: [
                  {
                    id: 'k',
                    statement: statements.ko ?? 'Tersedianya Media Publikasi Data',
                    level: 'kondisi_operasional',
                  },
                ],
              },
            ],
          },
        ],
      },
    ],
  };
}
