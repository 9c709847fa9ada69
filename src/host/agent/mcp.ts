// Offers `tabletalk mcp` to VS Code's MCP support (agent mode, other extensions' clients) through an MCP server
// definition provider, where VS Code has that API (checked at run time; 1.100 has it with the contribution point
// still named `modelContextServerCollections`, later versions `mcpServerDefinitionProviders`, so the manifest
// declares both). The server is the
// bundled CLI started with the extension host's runtime; it gets the workspace folder and, for SQL datasources
// defined in settings, their URLs without password. Passwords never go into its environment: it reads them from
// TABLETALK_PASSWORD or the OS keychain as configured by the user (see the README).
import * as vscode from 'vscode';
import type { TableTalkContext } from '../context';

export const MCP_PROVIDER_ID = 'tabletalk.mcp';

/** The stdio server definition as plain data (what the provider hands VS Code, and what tests start). */
export interface McpServerSpec {
  label: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
}

export interface McpFeature {
  /** The definitions for the open workspace folders. */
  specs(): McpServerSpec[];
  registered: boolean;
  reason?: string;
}

interface McpApi {
  registerMcpServerDefinitionProvider(id: string, provider: { onDidChangeMcpServerDefinitions?: vscode.Event<void>; provideMcpServerDefinitions(token: vscode.CancellationToken): unknown[] }): vscode.Disposable;
}
type StdioCtor = new (label: string, command: string, args?: string[], env?: Record<string, string | number | null>, version?: string) => unknown;

const envNameOf = (id: string) => `TABLETALK_DATASOURCE_${id.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;

function datasourceUrl(c: { dialect: string; file?: string; host?: string; port?: number; user?: string; database?: string }): string | undefined {
  if (c.dialect === 'sqlite') return c.file ? `sqlite://${c.file.startsWith('/') ? '' : '/'}${c.file.replace(/\\/g, '/')}` : undefined;
  if (!c.host || !c.user || !c.database) return undefined;
  const scheme = c.dialect === 'postgres' ? 'postgres' : 'mysql';
  return `${scheme}://${encodeURIComponent(c.user)}@${c.host.includes(':') ? `[${c.host}]` : c.host}:${c.port ?? (scheme === 'postgres' ? 5432 : 3306)}/${encodeURIComponent(c.database)}`;
}

export function registerMcpProvider(ctx: TableTalkContext): McpFeature {
  const cli = vscode.Uri.joinPath(ctx.extension.extensionUri, 'dist', 'cli.js').fsPath;
  const specs = (): McpServerSpec[] => {
    const env: Record<string, string> = { ELECTRON_RUN_AS_NODE: '1' };
    for (const d of ctx.datasources.list()) {
      const url = datasourceUrl(d.config);
      if (url) env[envNameOf(d.config.id)] = url;
    }
    return (vscode.workspace.workspaceFolders ?? [])
      .filter((f) => f.uri.scheme === 'file')
      .map((f) => ({ label: `TableTalk · ${f.name}`, command: process.execPath, args: [cli, 'mcp', '--dir', f.uri.fsPath], env, cwd: f.uri.fsPath }));
  };
  const lm = (vscode as { lm?: Partial<McpApi> }).lm;
  const Stdio = (vscode as unknown as { McpStdioServerDefinition?: StdioCtor }).McpStdioServerDefinition;
  if (typeof lm?.registerMcpServerDefinitionProvider !== 'function' || typeof Stdio !== 'function') {
    const reason = `vscode.lm.registerMcpServerDefinitionProvider${typeof Stdio !== 'function' ? ' / vscode.McpStdioServerDefinition' : ''} is not available in VS Code ${vscode.version}`;
    ctx.log.info(`${reason}: the TableTalk MCP server is not offered to VS Code (run "tabletalk mcp" from an MCP client instead)`);
    return { specs, registered: false, reason };
  }
  try {
    const changed = new vscode.EventEmitter<void>();
    ctx.register(changed);
    ctx.register(vscode.workspace.onDidChangeWorkspaceFolders(() => changed.fire()));
    ctx.register(ctx.datasources.onDidChange(() => changed.fire()));
    ctx.register(lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, {
      onDidChangeMcpServerDefinitions: changed.event,
      provideMcpServerDefinitions: () => specs().map((s) => new Stdio(s.label, s.command, s.args, s.env)),
    }));
    return { specs, registered: true };
  } catch (err) {
    // E.g. a VS Code whose contribution point for MCP providers has a name the manifest does not declare.
    const reason = `vscode.lm.registerMcpServerDefinitionProvider is not usable in VS Code ${vscode.version}: ${(err as Error).message}`;
    ctx.log.info(reason);
    return { specs, registered: false, reason };
  }
}
