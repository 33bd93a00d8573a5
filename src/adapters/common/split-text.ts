/**
 * Splitting long plain text into escaped chunks for a chat platform's markup (Telegram HTML, Slack
 * mrkdwn): the algorithm is the same, only the escape function and how escaped length is measured differ.
 */

/** `text` cut to at most `max` code points, the last one an ellipsis when it was cut. */
export function clip(text: string, max: number): string {
  const points = Array.from(text);
  return points.length <= max ? text : `${points.slice(0, max - 1).join('')}…`;
}

/**
 * Split plain `text` into escaped chunks of at most `limit` UTF-16 units, the first one starting with
 * `header` (already-escaped markup) on its own line. Prefers paragraph, then line, then word boundaries;
 * a word longer than a chunk is cut between code points. Each piece is escaped on its own, so no entity
 * or escape guard is ever cut. `escapedLength` must equal `escapeRaw(raw).length` (a faster way to know it).
 */
export function splitEscaped(
  text: string,
  limit: number,
  escapeRaw: (raw: string) => string,
  header = '',
  escapedLength: (raw: string) => number = (raw) => escapeRaw(raw).length,
): string[] {
  const atoms = atomise(text.replace(/\r\n?/g, '\n').trim(), limit, escapedLength);
  const chunks: string[] = [];
  let current = header;
  let currentHasBody = false;
  for (const atom of atoms) {
    const piece = escapeRaw(atom.raw);
    const sep = current === '' ? '' : currentHasBody ? atom.sep : '\n';
    if (current.length + sep.length + piece.length <= limit) {
      current += sep + piece;
      currentHasBody = true;
      continue;
    }
    if (current !== '') chunks.push(current);
    current = piece;
    currentHasBody = true;
  }
  if (current !== '') chunks.push(current);
  return chunks;
}

interface Atom {
  /** What separated this piece from the previous one in the original text. */
  sep: string;
  raw: string;
}

const SEPARATORS = ['\n\n', '\n', ' '];

function atomise(text: string, limit: number, measure: (raw: string) => number, level = 0, sep = ''): Atom[] {
  if (text === '') return [];
  if (measure(text) <= limit) return [{ sep, raw: text }];
  const separator = SEPARATORS[level];
  if (separator === undefined) return hardSplit(text, limit, measure, sep);
  const parts = separator === '\n\n' ? text.split(/\n{2,}/) : text.split(separator);
  const atoms: Atom[] = [];
  parts.forEach((part, i) => {
    const partSep = i === 0 ? sep : separator;
    const trimmed = separator === ' ' ? part : part.trim();
    if (trimmed === '') return;
    atoms.push(...atomise(trimmed, limit, measure, level + 1, partSep));
  });
  return atoms;
}

function hardSplit(text: string, limit: number, measure: (raw: string) => number, sep: string): Atom[] {
  const atoms: Atom[] = [];
  let piece = '';
  let size = 0;
  for (const ch of text) {
    const cost = measure(ch);
    if (size + cost > limit) {
      atoms.push({ sep: atoms.length === 0 ? sep : '', raw: piece });
      piece = '';
      size = 0;
    }
    piece += ch;
    size += cost;
  }
  if (piece !== '') atoms.push({ sep: atoms.length === 0 ? sep : '', raw: piece });
  return atoms;
}
