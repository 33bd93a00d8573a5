/**
 * Reading numbers as Indonesian planners type them: decimal comma ("80,5"), dot for thousands ("1.250"),
 * a trailing percent sign ("85,5 %"). Used for targets (TGT-02/03) and the constants of formulas.
 */

export type ReadNumber = { ok: true; value: number; percent: boolean } | { ok: false };

const PERCENT_SUFFIX = /\s*(%|persen)$/i;
const PLAIN = /^\d+$/;
const THOUSANDS_DOT = /^\d{1,3}(\.\d{3})+$/;
const THOUSANDS_COMMA = /^\d{1,3}(,\d{3})+$/;

/**
 * A target value as a number, or `{ ok: false }` when it cannot be read as one ("tinggi",
 * "delapan puluh", ""). One dot followed by exactly three digits is a thousands separator ("1.250" is
 * 1250), otherwise a decimal point ("1.5"); when both "." and "," occur, the last one is the decimal mark.
 */
export function readNumber(value: number | string): ReadNumber {
  if (typeof value === 'number')
    return Number.isFinite(value) ? { ok: true, value, percent: false } : { ok: false };
  let text = value.trim();
  if (PLAIN.test(text)) return { ok: true, value: Number(text), percent: false };
  const percent = PERCENT_SUFFIX.test(text);
  if (percent) text = text.replace(PERCENT_SUFFIX, '').trim();
  let sign = 1;
  if (/^[-−]/.test(text)) {
    sign = -1;
    text = text.slice(1).trim();
  } else if (text.startsWith('+')) {
    text = text.slice(1).trim();
  }
  const n = readUnsigned(text);
  return n === undefined ? { ok: false } : { ok: true, value: sign * n, percent };
}

function readUnsigned(text: string): number | undefined {
  if (text === '' || !/^[\d.,]+$/.test(text) || !/^\d/.test(text) || !/\d$/.test(text)) return undefined;
  if (PLAIN.test(text)) return Number(text);
  const lastDot = text.lastIndexOf('.');
  const lastComma = text.lastIndexOf(',');
  if (lastDot >= 0 && lastComma >= 0) {
    const decimalMark = lastDot > lastComma ? '.' : ',';
    const groupMark = decimalMark === '.' ? ',' : '.';
    const cut = text.lastIndexOf(decimalMark);
    const whole = text.slice(0, cut);
    const fraction = text.slice(cut + 1);
    if (!/^\d+$/.test(fraction)) return undefined;
    const grouped = groupMark === '.' ? THOUSANDS_DOT : THOUSANDS_COMMA;
    if (!grouped.test(whole) && !PLAIN.test(whole)) return undefined;
    return Number(`${whole.split(groupMark).join('')}.${fraction}`);
  }
  if (lastComma >= 0) {
    if (/^\d+,\d+$/.test(text)) return Number(text.replace(',', '.'));
    return THOUSANDS_COMMA.test(text) ? Number(text.replace(/,/g, '')) : undefined;
  }
  if (/^\d+\.\d+$/.test(text)) {
    // "1.250" is one thousand two hundred fifty in Indonesian writing; "0.750" and "1.5" are decimals.
    return THOUSANDS_DOT.test(text) && !text.startsWith('0') ? Number(text.replace('.', '')) : Number(text);
  }
  return THOUSANDS_DOT.test(text) ? Number(text.replace(/\./g, '')) : undefined;
}
