// `user@host[:port]`, the way ssh is given a server: one parser for the CLI's --ssh and the Add Datasource step.
import type { SshConfig } from './types';

/** The parts, or why the text is not user@host[:port] ('form' or 'port'). */
export function parseSshTarget(text: string): Pick<SshConfig, 'user' | 'host' | 'port'> | { error: 'form' | 'port'; port?: string } {
  const m = /^([^@\s]+)@(\[[^\]]+\]|[^:@\s]+)(?::(\d+))?$/.exec(text.trim());
  if (!m) return { error: 'form' };
  const port = m[3] === undefined ? 22 : Number(m[3]);
  if (!(port >= 1 && port <= 65535)) return { error: 'port', port: m[3] };
  return { user: m[1], host: m[2].replace(/^\[(.*)\]$/, '$1'), port };
}
