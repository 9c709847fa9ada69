// Helpers shared by the demo and welcome UI tests.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every TableTalk output-channel log under a code-server logs folder, for the reader of a failure. */
export function tableTalkLog(logsDir: string): string {
  if (!existsSync(logsDir)) return `(no logs in ${logsDir})`;
  const walk = (d: string): string[] => readdirSync(d).flatMap((n) => {
    const p = join(d, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
  const files = walk(logsDir).filter((f) => f.endsWith('TableTalk.log') || f.endsWith('remoteexthost.log'));
  return files.map((f) => `== ${f}\n${readFileSync(f, 'utf8').slice(-4000)}`).join('\n') || '(no TableTalk log)';
}
