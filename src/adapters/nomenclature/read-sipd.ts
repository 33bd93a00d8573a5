/**
 * Reads an SIPD-RI nomenclature export as users download it — XLSX (exceljs) or CSV (RFC 4180: quoted
 * fields, CRLF, BOM, the `;` or tab separators Indonesian Excel writes, UTF-8/UTF-16/Windows-1252) — into
 * rows of cell texts, and hands them to the pure parser in src/core/nomenclature/sipd.ts.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import ExcelJS from 'exceljs';
import { type LocalText, nomenclatureMessage } from '../../core/nomenclature/messages.ts';
import {
  foldHeader,
  parseSipd,
  SIPD_COLUMNS,
  type SipdFileError,
  type SipdImport,
  type SipdRow,
  type SipdTable,
} from '../../core/nomenclature/sipd.ts';
import { err, type Result } from '../../core/result.ts';

export interface SipdReadError {
  key: SipdFileError['key'] | 'file.unreadable' | 'file.oldXls';
  missing?: string[] | undefined;
  headerRow?: number | undefined;
  /** The sheet the header was looked for in (XLSX). */
  sheet?: string | undefined;
  message: LocalText;
}

export type SipdReadResult = Result<SipdImport & { format: 'xlsx' | 'csv'; sheet?: string }, SipdReadError>;

/** Read the SIPD export at `path` (.xlsx or .csv, recognised by content, not only by name). */
export async function readSipdFile(path: string): Promise<SipdReadResult> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code === 'ENOENT' ? 'tidak ada / not found' : 'I/O';
    return err({
      key: 'file.unreadable',
      message: nomenclatureMessage('file.unreadable', { file: path, reason }),
    });
  }
  return readSipdBytes(bytes, basename(path));
}

/** Read an SIPD export from its bytes; `fileName` is used in messages only. */
export async function readSipdBytes(bytes: Uint8Array, fileName: string): Promise<SipdReadResult> {
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) {
    return err({ key: 'file.oldXls', message: nomenclatureMessage('file.oldXls', { file: fileName }) });
  }
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return readXlsx(bytes, fileName);
  const table = csvTable(decodeText(bytes));
  const parsed = parseSipd(table);
  return parsed.ok ? { ok: true, value: { ...parsed.value, format: 'csv' } } : parsed;
}

async function readXlsx(bytes: Uint8Array, fileName: string): Promise<SipdReadResult> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's Buffer type predates Node's generic Buffer; the bytes are what it reads.
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  } catch (cause) {
    return err({
      key: 'file.unreadable',
      message: nomenclatureMessage('file.unreadable', {
        file: fileName,
        reason: cause instanceof Error ? cause.message : 'xlsx',
      }),
    });
  }
  // The export has one sheet; an edited copy may have more: the first sheet with the header wins.
  let firstError: SipdReadError | undefined;
  for (const sheet of workbook.worksheets) {
    const parsed = parseSipd(sheetTable(sheet));
    if (parsed.ok) return { ok: true, value: { ...parsed.value, format: 'xlsx', sheet: sheet.name } };
    if (!firstError || (firstError.key === 'file.noHeader' && parsed.error.key !== 'file.noHeader')) {
      firstError = { ...parsed.error, sheet: sheet.name };
    }
  }
  return err(
    firstError ?? {
      key: 'file.unreadable',
      message: nomenclatureMessage('file.unreadable', { file: fileName, reason: 'no worksheet' }),
    },
  );
}

/** A worksheet as rows of cell texts; a merged cell reads as its master cell's value in every row. */
export function sheetTable(sheet: ExcelJS.Worksheet): SipdTable {
  const rows: SipdRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value));
    rows.push({ row: rowNumber, cells });
  });
  return { rows };
}

/** The text a person sees in a cell (rich text joined, formula results, hyperlinks' text). */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value) {
    return cellText((value as { result?: ExcelJS.CellValue }).result ?? null);
  }
  if ('text' in value && typeof value.text === 'string') return value.text;
  return '';
}

/** UTF-8 (with or without BOM), UTF-16 with BOM ("Unicode Text" from Excel), else Windows-1252. */
export function decodeText(bytes: Uint8Array): string {
  if (startsWith(bytes, [0xff, 0xfe])) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (startsWith(bytes, [0xfe, 0xff])) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const body = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? bytes.subarray(3) : bytes;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return decodeWindows1252(body);
  }
}

/** 0x80–0x9F of Windows-1252 (Node's TextDecoder reads that label as ISO-8859-1, losing – ’ € …). */
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b);
  return out;
}

/**
 * Split CSV text into records (RFC 4180): fields in double quotes may hold separators, line breaks and
 * doubled quotes; records end at CRLF, LF or CR outside quotes. A leading BOM is dropped.
 */
export function parseCsv(text: string, separator: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  // Field by field with indexOf/regex jumps: an 8 MB export is mostly long unquoted runs.
  const stop = new RegExp(
    `[${separator === '\t' ? '\\t' : separator.replace(/[\]\\^-]/g, '\\$&')}\r\n]`,
    'g',
  );
  while (i <= n) {
    let field: string;
    let j = i;
    while (j < n && (text[j] === ' ' || text[j] === '\t') && text[j] !== separator) j++;
    if (text[j] === '"') {
      // A quote opens a quoted field only at its start (spaces before it are dropped, as Excel does).
      let value = '';
      let k = j + 1;
      for (;;) {
        const q = text.indexOf('"', k);
        if (q === -1) {
          value += text.slice(k);
          k = n;
          break;
        }
        value += text.slice(k, q);
        if (text[q + 1] === '"') {
          value += '"';
          k = q + 2;
          continue;
        }
        k = q + 1;
        break;
      }
      // Anything between the closing quote and the next separator is kept, as lenient readers do.
      stop.lastIndex = k;
      const m = stop.exec(text);
      const end = m ? m.index : n;
      field = value + text.slice(k, end);
      i = end;
    } else {
      stop.lastIndex = i;
      const m = stop.exec(text);
      const end = m ? m.index : n;
      field = text.slice(i, end);
      i = end;
    }
    record.push(field);
    if (i >= n) {
      records.push(record);
      break;
    }
    const ch = text[i];
    if (ch === separator) {
      i++;
      continue;
    }
    records.push(record);
    record = [];
    i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    if (i >= n) break;
  }
  return records;
}

const SEPARATORS = [',', ';', '\t', '|'];

/** The separator that makes the most SIPD header names appear as cells in the first rows. */
export function detectSeparator(text: string): string {
  const head = firstLines(text, 25);
  const wanted = new Set(Object.values(SIPD_COLUMNS).map(foldHeader));
  let best = ',';
  let bestScore = -1;
  for (const sep of SEPARATORS) {
    const score = Math.max(
      0,
      ...parseCsv(head, sep).map((r) => r.filter((c) => wanted.has(foldHeader(c))).length),
    );
    if (score > bestScore) {
      best = sep;
      bestScore = score;
    }
  }
  return best;
}

/** A CSV text as a table; row numbers are record numbers, as a spreadsheet shows them. */
export function csvTable(text: string): SipdTable {
  const records = parseCsv(text, detectSeparator(text));
  return { rows: records.map((cells, i) => ({ row: i + 1, cells })) };
}

function firstLines(text: string, count: number): string {
  let end = 0;
  for (let k = 0; k < count && end !== -1; k++) end = text.indexOf('\n', end + 1);
  return end === -1 ? text : text.slice(0, end);
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}
