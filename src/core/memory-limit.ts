// Stops a child process whose memory passes a limit, even while its main thread is inside one native call (a
// sqlite3_step computing a 300 MB blob cannot be interrupted from JavaScript). A worker thread polls the process's
// resident memory; over the limit it writes a marker line to stderr (synchronously: the main thread, which would
// flush a normal write, is busy) and kills the process. The parent reads the marker to tell the user why.
import { Worker } from 'node:worker_threads';

export const MEMORY_LIMIT_MARKER = 'TABLETALK_MEMORY_LIMIT';

const source = `
const { workerData: d } = require('node:worker_threads');
const { writeSync } = require('node:fs');
setInterval(() => {
  if (process.memoryUsage.rss() <= d.maxBytes) return;
  try { writeSync(2, '\\n' + d.marker + '\\n'); } finally { process.kill(d.pid, 'SIGKILL'); }
}, d.everyMs);
`;

export function killOverMemory(maxBytes: number, everyMs = 5): void {
  const w = new Worker(source, { eval: true, workerData: { maxBytes, pid: process.pid, everyMs, marker: MEMORY_LIMIT_MARKER } });
  w.unref();
}
