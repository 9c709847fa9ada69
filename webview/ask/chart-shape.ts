// Which chart suits a result: a line over a time (date) column, bars over a text column, each against up to three
// numeric measure columns. Pure, so unit tests cover the choices.
import type { Cell } from '../../src/protocol/ask';

export type ChartKind = 'bar' | 'line';
export interface ChartShape {
  /** The chart the shape suggests; the user can switch to the other. */
  preferred: ChartKind;
  /** The x (category or time) column. */
  x: number;
  /** Measure columns. */
  y: number[];
  temporal: boolean;
}

const NUMERIC = /^-?\d+(\.\d+)?$/;
const DATE = /^\d{4}-\d{2}(-\d{2})?([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const ID_NAME = /(^id$|_id$|[a-z]Id$|ID$)/;

export const toNumber = (v: Cell): number | null => (typeof v === 'number' ? v : typeof v === 'string' && NUMERIC.test(v) ? Number(v) : null);

type Kind = 'number' | 'date' | 'year' | 'text' | 'empty';

function kindOf(name: string, rows: Cell[][], c: number): Kind {
  let seen = 0;
  let numbers = 0;
  let dates = 0;
  let years = 0;
  for (const r of rows) {
    const v = r[c];
    if (v === null || v === undefined) continue;
    seen++;
    const n = toNumber(v);
    if (n !== null) {
      numbers++;
      if (Number.isInteger(n) && n >= 1800 && n <= 2200) years++;
    } else if (typeof v === 'string' && DATE.test(v)) dates++;
  }
  if (!seen) return 'empty';
  if (dates === seen) return 'date';
  if (numbers === seen) return years === seen && /year|yr|年/i.test(name) ? 'year' : 'number';
  return 'text';
}

/** The chart for a result, or null when it has no x column with a measure beside it. */
export function chartShape(columns: string[], rows: Cell[][]): ChartShape | null {
  if (!rows.length || columns.length < 2) return null;
  const sample = rows.slice(0, 2000);
  const kinds = columns.map((name, c) => kindOf(name, sample, c));
  const time = kinds.findIndex((k) => k === 'date' || k === 'year');
  const text = kinds.findIndex((k) => k === 'text');
  const x = time >= 0 ? time : text;
  if (x < 0) return null;
  const numbers = kinds.map((k, c) => (k === 'number' && c !== x ? c : -1)).filter((c) => c >= 0);
  // Key columns (ArtistId, customer_id) are numbers but not measures; use them only when nothing else is numeric.
  const measures = numbers.filter((c) => !ID_NAME.test(columns[c]));
  const y = (measures.length ? measures : numbers).slice(0, 3);
  if (!y.length) return null;
  return { preferred: time >= 0 ? 'line' : 'bar', x, y, temporal: time >= 0 };
}

/** Seconds (or years) along a time axis. */
export function timeValue(v: Cell): number | null {
  if (v === null) return null;
  const n = toNumber(v);
  if (n !== null) return n;
  const ms = Date.parse(String(v).length === 7 ? `${String(v)}-01` : String(v));
  return Number.isNaN(ms) ? null : ms;
}

/** About five round tick values from 0 (or the minimum, when negative) to the maximum. */
export function ticks(min: number, max: number, count = 5): number[] {
  const lo = Math.min(0, min);
  const hi = max > lo ? max : lo + 1;
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.floor(lo / step) * step; v <= hi + step * 0.999; v += step) out.push(Math.round(v / step) * step);
  return out;
}
