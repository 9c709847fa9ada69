// Ends the CLI's shared Chroma server (see chroma-daemon.ts) by itself: a worker thread, since the server's main
// thread runs native code and never returns to JavaScript. The server exits when its state file no longer names
// it (stopped or replaced), or when no live process holds a lease and the state file (touched at every release)
// is older than the idle period.
import { Worker } from 'node:worker_threads';

const source = `
const { workerData: d } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
const started = Date.now();
function recorded() {
  try { return JSON.parse(fs.readFileSync(d.stateFile, 'utf8')).pid === d.pid; } catch { return false; }
}
function leases() {
  let n = 0;
  let names = [];
  try { names = fs.readdirSync(d.leasesDir); } catch { return 0; }
  for (const name of names) if (alive(Number(name.split('-')[0]))) n++;
  return n;
}
function end() {
  if (recorded()) { try { fs.rmSync(d.stateFile, { force: true }); } catch {} }
  process.kill(d.pid, 'SIGKILL');
}
setInterval(() => {
  // The starter writes the state file right after the spawn; until then (a few ms) the server is not recorded.
  if (!recorded()) { if (Date.now() - started > 10000) end(); return; }
  if (leases() > 0) return;
  let used = started;
  try { used = Math.max(used, fs.statSync(d.stateFile).mtimeMs); } catch {}
  if (Date.now() - used < d.idleMs) return;
  // Gone idle: leave the state file only if a lease appeared meanwhile (a caller adopting us right now).
  if (leases() === 0) end();
}, d.everyMs);
`;

export function exitWhenIdle(o: { stateFile: string; leasesDir: string; idleMs: number }): void {
  const everyMs = Math.min(1000, Math.max(100, Math.floor(o.idleMs / 5)));
  const w = new Worker(source, { eval: true, workerData: { ...o, pid: process.pid, everyMs } });
  w.unref();
}
