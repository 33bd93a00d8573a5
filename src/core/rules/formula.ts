/**
 * A parser for indicator formulas as Indonesian planners write them (IND-07, IND-08):
 * "(Jumlah A / Jumlah B) x 100%", "Jumlah sistem informasi terintegrasi / Jumlah … x 100 %",
 * composites "0,5xa+0,5xb" and "(0,4 x A) + (0,6 x B)", "∑", decimal commas, "x" "×" "*" ":" "÷".
 * Tokeniser + recursive descent; the answer is a structure the rules read, or a parse error as a value.
 */
import { err, ok, type Result } from '../result.ts';
import words from './data/indicator-words.json' with { type: 'json' };
import { readNumber } from './numbers.ts';

type TokenKind =
  | 'num'
  | 'word'
  | 'mul'
  | 'div'
  | 'plus'
  | 'minus'
  | 'pct'
  | 'lparen'
  | 'rparen'
  | 'sum'
  | 'eq'
  | 'punct';

interface Token {
  kind: TokenKind;
  start: number;
  end: number;
  /** Whitespace separates this token from the one before. */
  spaced: boolean;
  value?: number;
  /** A multiplication sign written as the letter "x": it may still be a symbol named x. */
  letterX?: boolean;
}

/** The formula as a tree; every node keeps its span in the source text. */
export type Expr =
  | { kind: 'number'; value: number; percent: boolean; start: number; end: number }
  | { kind: 'operand'; text: string; start: number; end: number }
  | { kind: 'sum'; operand: Expr; start: number; end: number }
  | { kind: 'group'; inner: Expr; start: number; end: number }
  | { kind: 'negate'; operand: Expr; start: number; end: number }
  | { kind: 'binary'; op: '+' | '-' | '*' | '/'; left: Expr; right: Expr; start: number; end: number };

export type FormulaErrorCode =
  | 'empty'
  | 'unclosed_paren'
  | 'unmatched_paren'
  | 'missing_operand'
  | 'unexpected';

export interface FormulaError {
  code: FormulaErrorCode;
  /** Character offset in the formula where the problem is. */
  at: number;
  /** The text found there ('' at the end of the formula). */
  near: string;
}

/** One symbol of a linear (weighted) formula with its weight: "0,4 x A" → { symbol: "A", weight: 0.4 }. */
export interface FormulaTerm {
  symbol: string;
  weight: number;
}

export interface ParsedFormula {
  source: string;
  expression: Expr;
  /** What stood left of "=" ("Persentase X = A / B x 100%"), if anything. */
  label?: string | undefined;
  /** The formula multiplies by 100 ("x 100%", "* 100", "× 100 %"). */
  timesHundred: boolean;
  /** Present when the formula divides one quantity by another. */
  ratio?: { numerator: string; denominator: string } | undefined;
  /**
   * Present when the formula (without its "x 100%") is a weighted sum of symbols, e.g.
   * "0,5 x a + 0,5 x b": each symbol's weight, their sum, and the constant added (usually 0).
   */
  linear?: { terms: FormulaTerm[]; weightSum: number; constant: number } | undefined;
  /** A composite: a linear formula over two or more symbols with at least one explicit weight. */
  composite: boolean;
  /** Every operand (quantity or symbol) as written, in order. */
  operands: string[];
}

const MUL_CHARS = new Set(['×', '*', '·', '∙', '⋅']);
const DIV_CHARS = new Set(['/', '÷', ':']);
const MINUS_CHARS = new Set(['-', '−', '–', '—']);
const OPEN = new Set(['(', '[', '{']);
const CLOSE = new Set([')', ']', '}']);
const WORD_OPERATORS: Record<string, TokenKind> = { dibagi: 'div', dikali: 'mul', dikalikan: 'mul' };

const LETTER = /\p{L}/u;
const SPACE = /\s/;
const isLetter = (c: string | undefined): boolean =>
  c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c > '\u007f' && LETTER.test(c)));
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isSpace = (c: string): boolean => c === ' ' || (c < '!' ? true : c > '\u007f' && SPACE.test(c));
const NUMBER = /\d+(?:[.,]\d+)*/y;
const RANGE = /(?:-\d+(?:[.,]\d+)*)+/y;
const isAlnum = (c: string | undefined): boolean => isLetter(c) || isDigit(c);

const QUANTITY_WORDS = new Set(words.formula.quantityWords.map((w) => w.toLowerCase()));
const NOTE_WORDS = words.formula.notesFrom.map((w) => w.toLowerCase());
const NOTES = new RegExp(
  `(^|[\\s.;,])(${words.formula.notesFrom.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?=$|[\\s:.])`,
  'i',
);

/** The letters starting at `i`. */
function lettersAt(s: string, i: number): string {
  return s.slice(i, i + letterRun(s, i));
}

/** Length of the run of letters starting at `i`. */
function letterRun(s: string, i: number): number {
  let j = i;
  while (j < s.length && isLetter(s[j])) j++;
  return j - i;
}

/**
 * Splits a formula into tokens. With `joinSlashes`, a slash between two words of two letters or more
 * without spaces ("Desa/Wilayah", "Pelatihan/Bimtek") belongs to the word, as it does in indicator names.
 */
function tokenise(source: string, joinSlashes: boolean): { tokens: Token[]; joined: number } {
  const tokens: Token[] = [];
  let joined = 0;
  let spaced = false;
  let i = 0;
  const push = (kind: TokenKind, start: number, end: number, value?: number, letterX?: boolean) => {
    const token: Token = { kind, start, end, spaced };
    if (value !== undefined) token.value = value;
    if (letterX !== undefined) token.letterX = letterX;
    tokens.push(token);
    spaced = false;
  };
  while (i < source.length) {
    const c = source[i] as string;
    if (isSpace(c)) {
      spaced = true;
      i++;
      continue;
    }
    if (isDigit(c)) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(source) as RegExpExecArray;
      let end = i + m[0].length;
      // "15-64" (an age range) is part of a phrase, not a subtraction.
      RANGE.lastIndex = end;
      const range = RANGE.exec(source);
      if (range) {
        end += range[0].length;
        push('word', i, end);
        i = end;
        continue;
      }
      const n = readNumber(m[0]);
      if (n.ok) push('num', i, end, n.value);
      else push('word', i, end);
      i = end;
      continue;
    }
    if (isLetter(c)) {
      let j = i;
      let segment = 0;
      while (j < source.length) {
        const ch = source[j];
        if (isAlnum(ch)) {
          j++;
          segment++;
        } else if (
          (ch === '-' || ch === "'" || ch === '’') &&
          isAlnum(source[j - 1]) &&
          isAlnum(source[j + 1])
        ) {
          j++;
          segment = 0;
        } else if (
          ch === '/' &&
          joinSlashes &&
          segment >= 2 &&
          isLetter(source[j - 1]) &&
          letterRun(source, j + 1) >= 2 &&
          !QUANTITY_WORDS.has(lettersAt(source, j + 1).toLowerCase())
        ) {
          joined++;
          j++;
          segment = 0;
        } else break;
      }
      const prev = tokens[tokens.length - 1];
      const word = j - i <= 9 ? source.slice(i, j) : '';
      if (c === 'x' || c === 'X') {
        const afterNumber =
          !spaced &&
          prev !== undefined &&
          (prev.kind === 'num' || prev.kind === 'rparen' || prev.kind === 'pct');
        if (j - i === 1 || isDigit(source[i + 1]) || afterNumber) {
          push('mul', i, i + 1, undefined, j - i === 1);
          i++;
          continue;
        }
      }
      // Only words of these lengths can be "dibagi", "dikali", "dikalikan", "persen" or "percent".
      const lower = j - i >= 6 ? word.toLowerCase() : '';
      const operator = lower ? WORD_OPERATORS[lower] : undefined;
      if (operator) push(operator, i, j);
      else if ((lower === 'persen' || lower === 'percent') && prev?.kind === 'num') push('pct', i, j);
      else push('word', i, j);
      i = j;
      continue;
    }
    if (c === '%') push('pct', i, i + 1);
    else if (MUL_CHARS.has(c)) push('mul', i, i + 1);
    else if (DIV_CHARS.has(c)) push('div', i, i + 1);
    else if (c === '+') push('plus', i, i + 1);
    else if (MINUS_CHARS.has(c)) push('minus', i, i + 1);
    else if (OPEN.has(c)) push('lparen', i, i + 1);
    else if (CLOSE.has(c)) push('rparen', i, i + 1);
    else if (c === '∑' || c === 'Σ') push('sum', i, i + 1);
    else if (c === '=') push('eq', i, i + 1);
    else push('punct', i, i + 1);
    i++;
  }
  return { tokens, joined };
}

const MAX_DEPTH = 64;

class FormulaSyntaxError {
  constructor(readonly error: FormulaError) {}
}

/** Recursive descent over the tokens: expr := term (± term)*; term := factor ((×|/) factor)*. */
class Parser {
  private pos = 0;
  private depth = 0;
  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
  ) {}

  parse(): Expr {
    const expr = this.expr();
    while (this.peek()?.kind === 'punct') this.pos++;
    const rest = this.peek();
    if (rest) this.fail(rest.kind === 'rparen' ? 'unmatched_paren' : 'unexpected', rest);
    return expr;
  }

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }

  private fail(code: FormulaErrorCode, at: Token | undefined): never {
    throw new FormulaSyntaxError({
      code,
      at: at ? at.start : this.source.length,
      near: at ? this.source.slice(at.start, at.end) : '',
    });
  }

  private expr(): Expr {
    let left = this.term();
    for (let t = this.peek(); t && (t.kind === 'plus' || t.kind === 'minus'); t = this.peek()) {
      this.pos++;
      const right = this.term();
      left = {
        kind: 'binary',
        op: t.kind === 'plus' ? '+' : '-',
        left,
        right,
        start: left.start,
        end: right.end,
      };
    }
    return left;
  }

  private term(): Expr {
    let left = this.factor();
    for (;;) {
      const t = this.peek();
      if (t && (t.kind === 'mul' || t.kind === 'div')) {
        this.pos++;
        const right = this.factor();
        left = {
          kind: 'binary',
          op: t.kind === 'mul' ? '*' : '/',
          left,
          right,
          start: left.start,
          end: right.end,
        };
      } else if (t && this.impliesMultiplication(left, t)) {
        const right = this.factor();
        left = { kind: 'binary', op: '*', left, right, start: left.start, end: right.end };
      } else {
        return left;
      }
    }
  }

  /** "0,5a", "0,5 A", "(A/B) 100%": juxtaposition read as multiplication. */
  private impliesMultiplication(left: Expr, t: Token): boolean {
    if (isConstant(left) && (t.kind === 'word' || t.kind === 'lparen' || t.kind === 'sum')) return true;
    return t.kind === 'num' && this.peek(1)?.kind === 'pct';
  }

  /** Nesting beyond any real formula is refused rather than allowed to exhaust the stack. */
  private nested<T>(at: Token | undefined, inner: () => T): T {
    if (++this.depth > MAX_DEPTH) this.fail('unexpected', at);
    try {
      return inner();
    } finally {
      this.depth--;
    }
  }

  private factor(): Expr {
    return this.nested(this.peek(), () => this.unary());
  }

  private unary(): Expr {
    const t = this.peek();
    if (t?.kind === 'minus') {
      this.pos++;
      const operand = this.factor();
      return { kind: 'negate', operand, start: t.start, end: operand.end };
    }
    if (t?.kind === 'plus') {
      this.pos++;
      return this.factor();
    }
    const primary = this.primary();
    const next = this.peek();
    if (next?.kind === 'pct') {
      this.pos++;
      if (primary.kind === 'number') return { ...primary, percent: true, end: next.end };
    }
    return primary;
  }

  private primary(): Expr {
    const t = this.peek();
    if (!t) return this.fail('missing_operand', undefined);
    switch (t.kind) {
      case 'num':
        this.pos++;
        return { kind: 'number', value: t.value ?? 0, percent: false, start: t.start, end: t.end };
      case 'lparen': {
        if (this.startsPhrase()) return this.phrase();
        this.pos++;
        if (this.peek()?.kind === 'rparen') this.fail('missing_operand', this.peek());
        const inner = this.expr();
        const close = this.peek();
        if (close?.kind !== 'rparen') return this.fail('unclosed_paren', t);
        this.pos++;
        return { kind: 'group', inner, start: t.start, end: close.end };
      }
      case 'sum': {
        this.pos++;
        const operand = this.nested(t, () => this.primary());
        return { kind: 'sum', operand, start: t.start, end: operand.end };
      }
      case 'word':
      case 'punct':
        return this.phrase();
      case 'mul':
        if (t.letterX) return this.phrase();
        return this.fail('missing_operand', t);
      default:
        return this.fail('missing_operand', t);
    }
  }

  /** Index of the token closing the group that opens at `index`, or -1. */
  private closingOf(index: number): number {
    let depth = 0;
    for (let k = index; k < this.tokens.length; k++) {
      const kind = this.tokens[k]?.kind;
      if (kind === 'lparen') depth++;
      else if (kind === 'rparen' && --depth === 0) return k;
    }
    return -1;
  }

  /** A parenthesised run of plain words, e.g. "(KIM)" inside "Jumlah KIM (Kelompok Informasi) aktif". */
  private plainGroupAt(index: number): number {
    const close = this.closingOf(index);
    if (close < 0) return -1;
    for (let k = index + 1; k < close; k++) {
      const kind = this.tokens[k]?.kind;
      if (kind !== 'word' && kind !== 'num' && kind !== 'punct') return -1;
    }
    return close > index + 1 ? close : -1;
  }

  /** A group of plain words followed by more words opens a phrase: "(KIM) yang aktif". */
  private startsPhrase(): boolean {
    const close = this.plainGroupAt(this.pos);
    return close >= 0 && this.tokens[close + 1]?.kind === 'word';
  }

  /** A quantity written in words: "Jumlah sistem informasi yang harus terintegrasi sesuai SPBE". */
  private phrase(): Expr {
    const first = this.tokens[this.pos];
    let last: Token | undefined;
    for (let t = this.peek(); t; t = this.peek()) {
      if (t.kind === 'word' || (t.kind === 'num' && last && this.peek(1)?.kind !== 'pct')) {
        last = t;
        this.pos++;
      } else if (t.kind === 'punct') {
        this.pos++;
      } else if (t.kind === 'mul' && t.letterX && !this.operandStartsAt(this.pos + 1)) {
        // "x" with no operand after it is a symbol named x ("Jumlah X / Jumlah Y").
        last = t;
        this.pos++;
      } else if (t.kind === 'lparen') {
        const close = this.plainGroupAt(this.pos);
        if (close < 0 || (!last && this.tokens[close + 1]?.kind !== 'word')) break;
        last = this.tokens[close];
        this.pos = close + 1;
      } else {
        break;
      }
    }
    if (!first || !last) return this.fail('missing_operand', first);
    return {
      kind: 'operand',
      text: this.source.slice(first.start, last.end).trim(),
      start: first.start,
      end: last.end,
    };
  }

  private operandStartsAt(index: number): boolean {
    const kind = this.tokens[index]?.kind;
    return kind === 'word' || kind === 'num' || kind === 'lparen' || kind === 'sum' || kind === 'minus';
  }
}

/** An expression of numbers only ("1/3", "(0,5)"), which may stand before what it multiplies. */
function isConstant(e: Expr): boolean {
  switch (e.kind) {
    case 'number':
      return true;
    case 'group':
      return isConstant(e.inner);
    case 'negate':
      return isConstant(e.operand);
    case 'binary':
      return isConstant(e.left) && isConstant(e.right);
    default:
      return false;
  }
}

const unwrap = (e: Expr): Expr => (e.kind === 'group' ? unwrap(e.inner) : e);
const isHundred = (e: Expr): boolean => {
  const u = unwrap(e);
  return u.kind === 'number' && u.value === 100;
};

/** The factors of a product/quotient chain, each marked when it divides. */
function factors(e: Expr, inverted: boolean, out: { expr: Expr; inverted: boolean }[]): void {
  const u = unwrap(e);
  if (u.kind === 'binary' && (u.op === '*' || u.op === '/')) {
    factors(u.left, inverted, out);
    factors(u.right, u.op === '/' ? !inverted : inverted, out);
  } else {
    out.push({ expr: u, inverted });
  }
}

/** The formula without a top-level "x 100%" factor. */
function withoutHundred(e: Expr): Expr {
  const u = unwrap(e);
  if (u.kind !== 'binary' || u.op !== '*') return u;
  if (isHundred(u.right)) return unwrap(u.left);
  if (isHundred(u.left)) return unwrap(u.right);
  return u;
}

interface Linear {
  coefficients: Map<string, FormulaTerm>;
  constant: number;
}

const symbolKey = (s: string) => s.toLowerCase().replace(/\s+/g, ' ');

/** The formula as Σ weight·symbol + constant, or undefined when it is not linear (e.g. A / B). */
function linear(e: Expr, source: string): Linear | undefined {
  switch (e.kind) {
    case 'number':
      return { coefficients: new Map(), constant: e.percent ? e.value / 100 : e.value };
    case 'operand':
    case 'sum': {
      const symbol = e.kind === 'operand' ? e.text : source.slice(e.start, e.end).trim();
      return { coefficients: new Map([[symbolKey(symbol), { symbol, weight: 1 }]]), constant: 0 };
    }
    case 'group':
      return linear(e.inner, source);
    case 'negate': {
      const inner = linear(e.operand, source);
      return inner && scale(inner, -1);
    }
    case 'binary': {
      const left = linear(e.left, source);
      const right = linear(e.right, source);
      if (!left || !right) return undefined;
      if (e.op === '+' || e.op === '-') return add(left, e.op === '-' ? scale(right, -1) : right);
      if (e.op === '*') {
        if (right.coefficients.size === 0) return scale(left, right.constant);
        if (left.coefficients.size === 0) return scale(right, left.constant);
        return undefined;
      }
      if (right.coefficients.size === 0 && right.constant !== 0) return scale(left, 1 / right.constant);
      return undefined;
    }
  }
}

function scale(l: Linear, by: number): Linear {
  const coefficients = new Map<string, FormulaTerm>();
  for (const [k, t] of l.coefficients) coefficients.set(k, { symbol: t.symbol, weight: t.weight * by });
  return { coefficients, constant: l.constant * by };
}

function add(a: Linear, b: Linear): Linear {
  const coefficients = new Map(a.coefficients);
  for (const [k, t] of b.coefficients) {
    const had = coefficients.get(k);
    coefficients.set(k, had ? { symbol: had.symbol, weight: had.weight + t.weight } : t);
  }
  return { coefficients, constant: a.constant + b.constant };
}

const round = (n: number) => Math.round(n * 1e9) / 1e9;

function collectOperands(e: Expr, source: string, out: string[]): void {
  switch (e.kind) {
    case 'operand':
      out.push(e.text);
      return;
    case 'sum':
      out.push(source.slice(e.start, e.end).trim());
      return;
    case 'group':
      collectOperands(e.inner, source, out);
      return;
    case 'negate':
      collectOperands(e.operand, source, out);
      return;
    case 'binary':
      collectOperands(e.left, source, out);
      collectOperands(e.right, source, out);
      return;
    case 'number':
      return;
  }
}

function analyse(source: string, expression: Expr, label: string | undefined): ParsedFormula {
  const chain: { expr: Expr; inverted: boolean }[] = [];
  factors(expression, false, chain);
  const text = (e: Expr) => source.slice(e.start, e.end).trim();
  const top = chain.filter((f) => f.expr.kind !== 'number' && !f.inverted);
  const bottom = chain.filter((f) => f.expr.kind !== 'number' && f.inverted);
  const timesHundred = chain.some((f) => !f.inverted && isHundred(f.expr));
  const ratio =
    top.length > 0 && bottom.length > 0
      ? {
          numerator: top.map((f) => text(f.expr)).join(' × '),
          denominator: bottom.map((f) => text(f.expr)).join(' × '),
        }
      : undefined;
  // A quotient of quantities is never a weighted sum: skip the work.
  const lin = ratio ? undefined : linear(withoutHundred(expression), source);
  const raw = lin ? [...lin.coefficients.values()] : [];
  const terms = raw.map((t) => ({ symbol: t.symbol, weight: round(t.weight) }));
  const operands: string[] = [];
  collectOperands(expression, source, operands);
  return {
    source,
    expression,
    label,
    timesHundred,
    ratio,
    linear: lin && {
      terms,
      weightSum: round(raw.reduce((s, t) => s + t.weight, 0)),
      constant: round(lin.constant),
    },
    composite: terms.length >= 2 && terms.some((t) => t.weight !== 1),
    operands,
  };
}

function parseTokens(source: string, all: Token[]): Result<ParsedFormula, FormulaError> {
  let depth = 0;
  let lastEq = -1;
  all.forEach((t, k) => {
    if (t.kind === 'lparen') depth++;
    else if (t.kind === 'rparen') depth--;
    else if (t.kind === 'eq' && depth === 0) lastEq = k;
  });
  const tokens = all.slice(lastEq + 1);
  const eq = all[lastEq];
  const label = eq ? source.slice(0, eq.start).trim() || undefined : undefined;
  if (!tokens.some((t) => t.kind !== 'punct')) {
    return err(
      eq ? { code: 'missing_operand', at: source.length, near: '' } : { code: 'empty', at: 0, near: '' },
    );
  }
  try {
    return ok(analyse(source, new Parser(source, tokens).parse(), label));
  } catch (e) {
    if (e instanceof FormulaSyntaxError) return err(e.error);
    throw e;
  }
}

/**
 * Parses one formula. A slash inside a word ("Desa/Wilayah") is read as part of the word, unless a
 * quantity starts after it ("…terlayani/Jumlah Desa") or it is the formula's only slash and nothing else
 * divides ("Capaian/Sasaran x 100%"). Notes after the formula ("Keterangan: …") are not read.
 */
export function parseFormula(formula: string): Result<ParsedFormula, FormulaError> {
  const lowered = formula.toLowerCase();
  const notes = NOTE_WORDS.some((w) => lowered.includes(w)) ? NOTES.exec(formula) : null;
  const source = notes && notes.index > 0 ? formula.slice(0, notes.index + (notes[1] ?? '').length) : formula;
  const first = tokenise(source, true);
  const parsed = parseTokens(source, first.tokens);
  if (first.joined === 1 && !first.tokens.some((t) => t.kind === 'div')) {
    const again = parseTokens(source, tokenise(source, false).tokens);
    if (again.ok && again.value.ratio) return again;
  }
  return parsed;
}
