// `tabletalk daemon status|stop [--dir <folder>] [--json]`: the embedded Chroma server the CLI keeps running
// between calls for a folder (see src/core/vector/chroma-daemon.ts): what it is, and stopping it now.
import { resolve } from 'node:path';
import { daemonStatus, stopDaemon } from '../core/vector/chroma-daemon';
import { stringFlag, type ParsedArgs } from './args';
import { embeddedDataDir } from './model-env';

const help = `Usage: tabletalk daemon status [--dir <folder>] [--json]
       tabletalk daemon stop [--dir <folder>] [--json]

  The embedded Chroma server started by train, retrieve, ask, eval or mcp stays up after the call, shared by the
  next calls on the same --dir, and exits by itself after TABLETALK_CHROMA_IDLE_SECONDS without use (default 600;
  0 stops it when each call ends).

  status  whether it runs: pid, port, data folder, idle period, last use, calls using it now
          (--json: {"running","pid","port","url","dataDir","idleSeconds","startedAt","lastUsedAt","clients","stateFile"})
  stop    stops it now (--json: {"stopped","pid"}); calls running on it fail, later calls start a new one
  --dir   folder holding the datasets and .tabletalk/chroma; default: .`;

export async function run(args: ParsedArgs): Promise<number> {
  const action = args.positionals[0];
  if (args.flags.help || !action) {
    console.log(help);
    return action || args.flags.help ? 0 : 2;
  }
  const dir = resolve(stringFlag(args, 'dir') ?? '.');
  const dataDir = embeddedDataDir(dir);
  if (action === 'status') {
    const s = await daemonStatus(dir, dataDir);
    if (args.flags.json) console.log(JSON.stringify(s));
    else if (s.running) console.log(`Embedded Chroma for ${dir}: running (pid ${s.pid}, ${s.url}), data ${s.dataDir}, exits after ${s.idleSeconds} s idle; last used ${s.lastUsedAt}; ${s.clients} call(s) using it now`);
    else console.log(`Embedded Chroma for ${dir}: not running`);
    return 0;
  }
  if (action === 'stop') {
    const pid = await stopDaemon(dir, dataDir);
    if (args.flags.json) console.log(JSON.stringify({ stopped: pid !== null, pid }));
    else console.log(pid === null ? `Embedded Chroma for ${dir}: was not running` : `Embedded Chroma for ${dir}: stopped (pid ${pid})`);
    return 0;
  }
  throw new Error(`unknown daemon action "${action}": use status or stop`);
}
