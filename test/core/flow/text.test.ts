/** Reading typed answers: what counts as empty, too long, gibberish; periods and targets as people type them. */
import { describe, expect, it } from 'vitest';
import {
  looksLikeGibberish,
  parsePeriod,
  parseTargets,
  parseTargetValue,
  problemOf,
} from '../../../src/core/flow/text.ts';

describe('typed answers', () => {
  it('tells keyboard mashing from Indonesian statements and abbreviations', () => {
    for (const junk of ['asdfghjkl', 'qwrtzp xx', '!!!???', '12345', 'sdfghjkl qwrtzp'])
      expect(looksLikeGibberish(junk), junk).toBe(true);
    for (const fine of [
      'Meningkatnya Keamanan Informasi',
      'Dinas Kominfo SP',
      'Terlaksananya Penyelenggaraan Sistem Jaringan Intra Pemerintah Daerah',
      'Urusan komunikasi dan informatika, statistik, dan persandian',
      'SPBE',
      'Kepala Bidang Statistik',
    ]) {
      expect(looksLikeGibberish(fine), fine).toBe(false);
    }
  });

  it('names the problem with an answer before a step reads it', () => {
    expect(problemOf('  \n ', 200, true)).toBe('empty');
    expect(problemOf('x'.repeat(10_000), 300, false)).toBe('too_long');
    expect(problemOf('Meningkatnya Keamanan Informasi', 300, true)).toBeUndefined();
  });

  it('reads a Renstra period in the ways people write it', () => {
    expect(parsePeriod('2025-2029')).toEqual({ from: 2025, to: 2029 });
    expect(parsePeriod('2025 – 2029')).toEqual({ from: 2025, to: 2029 });
    expect(parsePeriod('2025 s.d. 2029')).toEqual({ from: 2025, to: 2029 });
    expect(parsePeriod('2029-2025')).toBeUndefined();
    expect(parsePeriod('lima tahun')).toBeUndefined();
  });

  it('keeps Indonesian decimals as typed and plain integers as numbers', () => {
    expect(parseTargetValue('80')).toBe(80);
    expect(parseTargetValue('85,5')).toBe('85,5');
    expect(parseTargetValue('1.250')).toBe('1.250');
    expect(parseTargetValue('80%')).toBe('80%');
    expect(parseTargetValue('tinggi')).toBeUndefined();
    expect(parseTargets('80 82,5 85; 87 | 90', 5)).toEqual([80, '82,5', 85, 87, 90]);
    expect(parseTargets('80, 82, 84', 5)).toEqual({ got: 3 });
    expect(parseTargets('80 82 delapan 86 88', 5)).toBeUndefined();
  });
});
