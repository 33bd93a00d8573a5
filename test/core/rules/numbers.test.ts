import { describe, expect, it } from 'vitest';
import { readNumber } from '../../../src/core/rules/numbers.ts';

describe('readNumber: targets as typed in a Renstra table', () => {
  it.each([
    [80, 80, false],
    ['80', 80, false],
    ['80,5', 80.5, false],
    ['80%', 80, true],
    ['85,5 %', 85.5, true],
    ['85,5 persen', 85.5, true],
    ['1.250', 1250, false],
    ['1.250,75', 1250.75, false],
    ['12.500.000', 12500000, false],
    ['1,250,000', 1250000, false],
    ['1,250.75', 1250.75, false],
    ['1.5', 1.5, false],
    ['0.750', 0.75, false],
    ['3,25', 3.25, false],
    [' 92 ', 92, false],
    ['-2,5', -2.5, false],
    ['102,3%', 102.3, true],
  ])('%j reads as %d (percent: %s)', (input, value, percent) => {
    expect(readNumber(input)).toEqual({ ok: true, value, percent });
  });

  it.each([
    ['tinggi'],
    ['delapan puluh'],
    [''],
    ['%'],
    ['80-85'],
    ['1.25.0'],
    ['12.50.000'],
    ['B'],
    ['≥ 80'],
    [Number.NaN],
  ])('%j is not a number', (input) => {
    expect(readNumber(input)).toEqual({ ok: false });
  });
});
