// Ends a child process when its parent dies, even while the child's main thread is stuck in native code (a long
// sqlite3_step, or the Chroma server's own loop) and cannot see its IPC channel close. A worker thread polls the
// parent id; when the parent is gone the process is re-parented (ppid changes) and kills itself.
import { Worker } from 'node:worker_threads';

const watchdogSource = `
const { workerData } = require('node:worker_threads');
setInterval(() => {
  if (process.ppid !== workerData.ppid) process.kill(workerData.pid, 'SIGKILL');
}, workerData.everyMs);
`;

export function exitWithParent(everyMs = 500): void {
  if (process.platform === 'win32') {
    // Windows has no re-parenting: poll the parent's pid instead (signal 0 only checks that it exists).
    const parent = process.ppid;
    const w = new Worker(`const { workerData: d } = require('node:worker_threads'); setInterval(() => { try { process.kill(d.parent, 0); } catch { process.kill(d.pid, 'SIGKILL'); } }, d.everyMs);`, { eval: true, workerData: { parent, pid: process.pid, everyMs } });
    w.unref();
    return;
  }
  const w = new Worker(watchdogSource, { eval: true, workerData: { ppid: process.ppid, pid: process.pid, everyMs } });
  w.unref();
}
