// Dates, numbers and durations in the display language (VS Code's vscode.env.language, passed in by the caller:
// this module imports nothing from vscode so unit tests can run it). Intl does the work; a language tag Intl does
// not know falls back to English rather than throwing.

function locale(language: string): string {
  try {
    return Intl.getCanonicalLocales(language)[0] ?? 'en';
  } catch {
    return 'en';
  }
}

function date(value: string | number | Date): Date | undefined {
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** "Dec 5, 2026, 3:14:32 AM" / "2026年12月5日 03:14:32"; a value that is no date is shown as it came. */
export function formatDateTime(value: string | number | Date, language: string): string {
  const d = date(value);
  return d ? new Intl.DateTimeFormat(locale(language), { dateStyle: 'medium', timeStyle: 'medium' }).format(d) : String(value);
}

/** "Dec 5, 2026" / "2026年12月5日". */
export function formatDate(value: string | number | Date, language: string): string {
  const d = date(value);
  return d ? new Intl.DateTimeFormat(locale(language), { dateStyle: 'medium' }).format(d) : String(value);
}

/** 12345 -> "12,345" (en), "12,345" (zh-cn), "12.345" (de). */
export function formatNumber(n: number, language: string): string {
  return new Intl.NumberFormat(locale(language)).format(n);
}

/** A duration with its unit in the display language: "18 ms" / "18毫秒", "2.4 sec" / "2.4秒", "3 min" / "3分钟". */
export function formatDuration(ms: number, language: string): string {
  const unit = (value: number, u: 'millisecond' | 'second' | 'minute', digits: number) =>
    new Intl.NumberFormat(locale(language), { style: 'unit', unit: u, unitDisplay: 'short', maximumFractionDigits: digits }).format(value);
  if (ms < 1000) return unit(Math.round(ms), 'millisecond', 0);
  if (ms < 60_000) return unit(ms / 1000, 'second', 1);
  return unit(ms / 60_000, 'minute', 1);
}
