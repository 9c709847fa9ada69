// The environment TableTalk's own child processes (the SQLite helper, the embedded Chroma server, the CLI
// daemon) get: only what a Node process needs to run, never the parent's secrets (a password or API key given
// to the CLI through the environment would otherwise be readable in the child's /proc/<pid>/environ).
const kept = /^(PATH|Path|HOME|USERPROFILE|TMPDIR|TEMP|TMP|SystemRoot|SYSTEMROOT|windir|WINDIR|ComSpec|COMSPEC|PATHEXT|LANG|LANGUAGE|LC_[A-Z]+|TZ|XDG_RUNTIME_DIR|APPDATA|LOCALAPPDATA|NODE_ENV|ELECTRON_RUN_AS_NODE)$/;
/** Values the parent passes on deliberately, e.g. TABLETALK_SQLITE_ENGINE; never credentials. */
const keptTableTalk = /^TABLETALK_(SQLITE_ENGINE|SQLITE_WASM)$/;

export function childEnv(extra: Record<string, string | undefined> = {}, from: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(from)) if (v !== undefined && (kept.test(k) || keptTableTalk.test(k))) env[k] = v;
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
}
