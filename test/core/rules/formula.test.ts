import { describe, expect, it } from 'vitest';
import { type ParsedFormula, parseFormula } from '../../../src/core/rules/formula.ts';

function parsed(text: string): ParsedFormula {
  const r = parseFormula(text);
  if (!r.ok) throw new Error(`expected "${text}" to parse, got ${JSON.stringify(r.error)}`);
  return r.value;
}

describe('parseFormula: ratios as planners write them', () => {
  it('reads the SPBE integration formula from the pokin/1 spec: numerator, denominator, x 100%', () => {
    const f = parsed(
      'Jumlah sistem informasi terintegrasi / Jumlah sistem informasi yang harus terintegrasi sesuai SPBE x 100%',
    );
    expect(f.ratio).toEqual({
      numerator: 'Jumlah sistem informasi terintegrasi',
      denominator: 'Jumlah sistem informasi yang harus terintegrasi sesuai SPBE',
    });
    expect(f.timesHundred).toBe(true);
    expect(f.composite).toBe(false);
  });

  it('reads a bracketed ratio "(Jumlah A / Jumlah B) x 100%"', () => {
    const f = parsed(
      '(Jumlah sengketa informasi yang diselesaikan / Jumlah sengketa informasi yang masuk) x 100%',
    );
    expect(f.ratio).toEqual({
      numerator: 'Jumlah sengketa informasi yang diselesaikan',
      denominator: 'Jumlah sengketa informasi yang masuk',
    });
    expect(f.timesHundred).toBe(true);
  });

  it.each([
    ['Jumlah PD yang terhubung / Jumlah PD X 100%'],
    ['Jumlah PD yang terhubung / Jumlah PD × 100%'],
    ['Jumlah PD yang terhubung / Jumlah PD * 100'],
    ['Jumlah PD yang terhubung / Jumlah PD x 100 %'],
    ['(Jumlah PD yang terhubung/Jumlah PD)x100%'],
    ['Jumlah PD yang terhubung / Jumlah PD x100%'],
    ['Jumlah PD yang terhubung dibagi Jumlah PD dikali 100 persen'],
    ['100% x Jumlah PD yang terhubung / Jumlah PD'],
  ])('accepts every way of writing "times 100%": %s', (text) => {
    const f = parsed(text);
    expect(f.timesHundred).toBe(true);
    expect(f.ratio?.numerator).toBe('Jumlah PD yang terhubung');
    expect(f.ratio?.denominator).toBe('Jumlah PD');
  });

  it.each([['Jumlah Desa terlayani : Jumlah Desa x 100%'], ['Jumlah Desa terlayani ÷ Jumlah Desa x 100%']])(
    'reads ":" and "÷" as division: %s',
    (text) => {
      expect(parsed(text).ratio).toEqual({ numerator: 'Jumlah Desa terlayani', denominator: 'Jumlah Desa' });
    },
  );

  it('notices a ratio that is not multiplied by 100%', () => {
    const f = parsed('Jumlah perangkat lunak yang lolos uji keamanan / Jumlah perangkat lunak');
    expect(f.ratio).toBeDefined();
    expect(f.timesHundred).toBe(false);
  });

  it('notices a formula with no denominator', () => {
    const f = parsed('Jumlah data sektoral yang dipublikasikan x 100%');
    expect(f.ratio).toBeUndefined();
    expect(f.timesHundred).toBe(true);
  });

  it('keeps slash-joined words inside an operand ("Desa/Wilayah", "Pelatihan/Bimtek")', () => {
    const f = parsed('Jumlah Desa/Wilayah yang terlayani TIK / Jumlah seluruh Desa/Wilayah x 100%');
    expect(f.ratio).toEqual({
      numerator: 'Jumlah Desa/Wilayah yang terlayani TIK',
      denominator: 'Jumlah seluruh Desa/Wilayah',
    });
    expect(parsed('Jumlah PPID yang mengikuti Pelatihan/Bimtek/Workshop x 100%').ratio).toBeUndefined();
  });

  it('reads an unspaced slash as division when nothing else divides ("Realisasi/Target x 100%")', () => {
    expect(parsed('Realisasi/Target x 100%').ratio).toEqual({
      numerator: 'Realisasi',
      denominator: 'Target',
    });
    expect(parsed('(A/B) x 100%').ratio).toEqual({ numerator: 'A', denominator: 'B' });
  });

  it('does not mistake the letter x inside words for multiplication', () => {
    const f = parsed('Jumlah indeks Luxury Index yang dinilai / Jumlah toko x 100%');
    expect(f.ratio).toEqual({
      numerator: 'Jumlah indeks Luxury Index yang dinilai',
      denominator: 'Jumlah toko',
    });
    expect(f.operands).toEqual(['Jumlah indeks Luxury Index yang dinilai', 'Jumlah toko']);
  });

  it('reads a lone capital X with no operand after it as a symbol, not as multiplication', () => {
    expect(parsed('Jumlah X / Jumlah Y x 100%').ratio).toEqual({
      numerator: 'Jumlah X',
      denominator: 'Jumlah Y',
    });
  });

  it('keeps an acronym in brackets inside its operand', () => {
    const f = parsed('Jumlah Kelompok Informasi Masyarakat (KIM) yang aktif / Jumlah KIM x 100%');
    expect(f.ratio?.numerator).toBe('Jumlah Kelompok Informasi Masyarakat (KIM) yang aktif');
  });

  it('keeps an age range "15-64" inside its operand rather than subtracting', () => {
    const f = parsed(
      'Jumlah penduduk usia 15-64 tahun yang bekerja / Jumlah penduduk usia 15-64 tahun x 100%',
    );
    expect(f.ratio?.numerator).toBe('Jumlah penduduk usia 15-64 tahun yang bekerja');
  });

  it('reads "∑" sums and takes the right side of "Persentase … = …"', () => {
    const f = parsed('Persentase PD = ∑ Perangkat Daerah yang menerapkan SPBE / ∑ Perangkat Daerah x 100%');
    expect(f.label).toBe('Persentase PD');
    expect(f.ratio).toEqual({
      numerator: '∑ Perangkat Daerah yang menerapkan SPBE',
      denominator: '∑ Perangkat Daerah',
    });
    expect(f.timesHundred).toBe(true);
  });

  it('reads a growth formula with a bracketed difference as numerator', () => {
    const f = parsed(
      '(Jumlah pengunjung portal tahun n - Jumlah pengunjung portal tahun n-1) / Jumlah pengunjung portal tahun n-1 x 100%',
    );
    expect(f.ratio).toEqual({
      numerator: 'Jumlah pengunjung portal tahun n - Jumlah pengunjung portal tahun n-1',
      denominator: 'Jumlah pengunjung portal tahun n-1',
    });
  });
});

describe('parseFormula: formulas copied from Renstra documents', () => {
  it.each([
    [
      '(Jumlah Aduan yang ditindaklanjuti/Jumlah Aduan yang masuk) x 100%',
      'Jumlah Aduan yang ditindaklanjuti',
      'Jumlah Aduan yang masuk',
    ],
    [
      '(Jumlah Desa/Kelurahan yang terlayani internet/Jumlah Desa/Kelurahan) x 100%',
      'Jumlah Desa/Kelurahan yang terlayani internet',
      'Jumlah Desa/Kelurahan',
    ],
    ['(Realisasi PAD/Target PAD)x100%', 'Realisasi PAD', 'Target PAD'],
    ['Capaian/Sasaran x 100%', 'Capaian', 'Sasaran'],
  ])('reads the unspaced slash before a new quantity as division: %s', (text, numerator, denominator) => {
    const f = parsed(text);
    expect(f.ratio).toEqual({ numerator, denominator });
    expect(f.timesHundred).toBe(true);
  });

  it('ignores a final full stop and the notes after the formula', () => {
    expect(parsed('Jumlah OPD yang terhubung / Jumlah OPD x 100%.').ratio).toEqual({
      numerator: 'Jumlah OPD yang terhubung',
      denominator: 'Jumlah OPD',
    });
    const f = parsed('A / B x 100%\nKeterangan: A = jumlah OPD yang terhubung; B = jumlah seluruh OPD');
    expect(f.ratio).toEqual({ numerator: 'A', denominator: 'B' });
    expect(f.label).toBeUndefined();
  });

  it('reads a constant fraction before a bracket: "1/3 (IK + IP + IPg)"', () => {
    const f = parsed('1/3 (Indeks Kesehatan + Indeks Pendidikan + Indeks Pengeluaran)');
    expect(f.composite).toBe(true);
    expect(f.linear?.weightSum).toBe(1);
  });

  it('reads symbols with digits ("U1") in a satisfaction index', () => {
    const f = parsed('IKM = (0,25 x U1) + (0,25 x U2) + (0,25 x U3) + (0,25 x U4)');
    expect(f.label).toBe('IKM');
    expect(f.linear?.terms.map((t) => t.symbol)).toEqual(['U1', 'U2', 'U3', 'U4']);
    expect(f.linear?.weightSum).toBe(1);
  });
});

describe('parseFormula: composites', () => {
  it('reads "0,5xa+0,5xb" with decimal commas and x glued to the numbers', () => {
    const f = parsed('0,5xa+0,5xb');
    expect(f.composite).toBe(true);
    expect(f.linear).toEqual({
      terms: [
        { symbol: 'a', weight: 0.5 },
        { symbol: 'b', weight: 0.5 },
      ],
      weightSum: 1,
      constant: 0,
    });
    expect(f.ratio).toBeUndefined();
  });

  it('reads "(0,4 x A) + (0,6 x B)"', () => {
    const f = parsed('(0,4 x A) + (0,6 x B)');
    expect(f.linear?.terms).toEqual([
      { symbol: 'A', weight: 0.4 },
      { symbol: 'B', weight: 0.6 },
    ]);
    expect(f.linear?.weightSum).toBe(1);
  });

  it('adds up weights that do not reach 1', () => {
    const f = parsed('0,3 x a + 0,3 x b + 0,3 x c');
    expect(f.composite).toBe(true);
    expect(f.linear?.weightSum).toBe(0.9);
  });

  it('reads percentage weights, weights after the symbol, and an average', () => {
    expect(parsed('40% x A + 60% x B').linear?.weightSum).toBe(1);
    expect(parsed('a * 0.25 + b * 0.75').linear?.terms).toEqual([
      { symbol: 'a', weight: 0.25 },
      { symbol: 'b', weight: 0.75 },
    ]);
    const avg = parsed('(a + b + c) / 3');
    expect(avg.composite).toBe(true);
    expect(avg.linear?.weightSum).toBe(1);
  });

  it('reads weights written without a sign: "0,5 a + 0,5 b"', () => {
    expect(parsed('0,5 a + 0,5 b').linear?.terms.map((t) => t.weight)).toEqual([0.5, 0.5]);
  });

  it('reads named terms: "0,5 x Indeks SPBE + 0,5 x Indeks KAMI"', () => {
    const f = parsed('0,5 x Indeks SPBE + 0,5 x Indeks KAMI');
    expect(f.linear?.terms.map((t) => t.symbol)).toEqual(['Indeks SPBE', 'Indeks KAMI']);
  });

  it('does not call a ratio or an unweighted sum a composite', () => {
    expect(parsed('Jumlah A / Jumlah B x 100%').composite).toBe(false);
    expect(parsed('Jumlah ASN PNS + Jumlah PPPK').composite).toBe(false);
  });
});

describe('parseFormula: errors are values that say where', () => {
  it.each([
    ['', 'empty', 0],
    ['   ', 'empty', 0],
    ['(Jumlah A / Jumlah B x 100%', 'unclosed_paren', 0],
    ['Jumlah A) / Jumlah B', 'unmatched_paren', 8],
    ['Jumlah A / x 100%', 'missing_operand', 11],
    ['Jumlah A / Jumlah B ×', 'missing_operand', 21],
    ['0,5 x a + ', 'missing_operand', 10],
    ['Persentase PD =', 'missing_operand', 15],
    ['Jumlah A / () x 100%', 'missing_operand', 12],
  ])('"%s" → %s at %i', (text, code, at) => {
    const r = parseFormula(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe(code);
      expect(r.error.at).toBe(at);
    }
  });

  it('quotes the text where it stopped', () => {
    const r = parseFormula('Jumlah A / x 100%');
    expect(r.ok ? undefined : r.error.near).toBe('x');
  });
});

describe('parseFormula: never throws', () => {
  it('answers a value for random mixes of the characters planners type', () => {
    const alphabet = [
      'Jumlah ',
      'A',
      'b',
      ' x ',
      'x',
      'X',
      '×',
      '*',
      '/',
      ':',
      '÷',
      '(',
      ')',
      '[',
      ']',
      '%',
      '100',
      '0,5',
      '1.250',
      '+',
      '-',
      '=',
      '∑',
      ' ',
      '.',
      ',',
      'yang',
      'Desa/Wilayah',
      'dibagi',
      '“',
      '\n',
    ];
    let seed = 20250101;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let i = 0; i < 2000; i++) {
      const length = Math.floor(next() * 24);
      const text = Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
      const r = parseFormula(text);
      expect(typeof r.ok, text).toBe('boolean');
    }
  });

  it('refuses absurd nesting as an error instead of overflowing the stack', () => {
    const deep = `${'('.repeat(5000)}Jumlah A${')'.repeat(5000)}`;
    expect(parseFormula(deep)).toMatchObject({ ok: false, error: { code: 'unexpected' } });
    expect(parseFormula(`${'-'.repeat(5000)}A`)).toMatchObject({ ok: false });
    expect(parseFormula(`${'∑'.repeat(5000)}A`)).toMatchObject({ ok: false });
  });
});
