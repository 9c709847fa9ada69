// Runs one query through the guarded runner in its own process and prints what came back with the process's
// peak resident memory (VmHWM), so a test can measure the memory a huge result costs. Args: URL, SQL, maxRows.
// SQLite runs in a process of its own below this one: the test measures that one (bounded-results.test.ts).
import { readFileSync } from 'node:fs';
import { connect, parseDatasourceUrl } from '../../src/core/datasource/index';
import { runGuarded } from '../../src/core/ask/runner';

const [url, sql, maxRows] = process.argv.slice(2);
const peakMb = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024;
async function main(): Promise<void> {
  const driver = await connect(parseDatasourceUrl(url));
  const out: Record<string, unknown> = {};
  try {
    const r = await runGuarded(driver, sql, { maxRows: Number(maxRows || 1000), timeoutMs: 120_000 });
    if (!r.ok) Object.assign(out, { refused: r.reason });
    else {
      const lengths = r.result.rows.flatMap((row) => Object.values(row).map((v) => (typeof v === 'string' || v instanceof Uint8Array ? (typeof v === 'string' ? v.length : v.byteLength) : 0)));
      Object.assign(out, { rows: r.result.rows.length, truncatedValues: r.result.truncatedValues ?? 0, longest: Math.max(0, ...lengths), marked: r.result.rows.some((row) => Object.values(row).some((v) => typeof v === 'string' && /… \[truncated: \d+ characters\]$/.test(v))) });
    }
  } catch (e) {
    Object.assign(out, { error: (e as Error).message, code: (e as { code?: string }).code });
  } finally {
    await driver.close();
  }
  out.peakMb = Math.round(peakMb());
  console.log(JSON.stringify(out));
}

void main();
