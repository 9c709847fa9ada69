// TableTalk's agent tools as VS Code language-model tools (agent mode, `#` references), registered where the API
// exists. The tools run the one implementation in src/core/agent; the query tool first shows the SQL and asks for
// confirmation (a query the guard refuses needs none: nothing will run, the refusal comes back as the result).
import * as vscode from 'vscode';
import { renderExplanation } from '../../core/ask/explanation';
import type { AgentBackend } from '../../core/agent/backend';
import { agentTools, type AgentToolName } from '../../core/agent/definitions';
import type { TableTalkContext } from '../context';

export interface AgentToolsFeature {
  /** The tool objects by name (also where they could not be registered, so tests can call them). */
  tools: Map<AgentToolName, vscode.LanguageModelTool<Record<string, unknown>>>;
  /** Whether vscode.lm.registerTool exists here and the tools were registered. */
  registered: boolean;
  /** Why not, when they were not. */
  reason?: string;
}

function makeTool(ctx: TableTalkContext, backend: AgentBackend, name: AgentToolName): vscode.LanguageModelTool<Record<string, unknown>> {
  const tool: vscode.LanguageModelTool<Record<string, unknown>> = {
    async invoke(options, token) {
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort(new vscode.CancellationError()));
      try {
        const { invokeAgentTool, resultText } = await import('../../core/agent/index.js');
        const r = await invokeAgentTool(backend, name, options.input, controller.signal);
        ctx.log.info(`Tool ${name}: ${r.isError ? 'error or refusal' : 'ok'}`);
        return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(resultText(r))]);
      } finally {
        sub.dispose();
      }
    },
  };
  if (name === 'tabletalk_run_query') {
    tool.prepareInvocation = async (options) => {
      const input = options.input as { dataset?: unknown; sql?: unknown };
      const sql = typeof input.sql === 'string' ? input.sql : '';
      const dataset = typeof input.dataset === 'string' ? input.dataset : '';
      const def = dataset ? await backend.dataset(dataset).catch(() => undefined) : undefined;
      const dialect = def ? backend.dialect(def) : null;
      if (!sql || !dialect) return { invocationMessage: vscode.l10n.t('Checking the query') };
      const { guardSql } = await import('../../core/ask/index.js');
      const guarded = guardSql(sql, dialect);
      if (!guarded.ok) return { invocationMessage: vscode.l10n.t('Checking the query (the guard refuses it: {0})', renderExplanation(guarded.text, (m) => vscode.l10n.t(m.message, ...m.args)).trim()) };
      const message = new vscode.MarkdownString();
      message.appendMarkdown(vscode.l10n.t('Run this read-only query on dataset **{0}** ({1})?', dataset, backend.datasourceLabel(def!)));
      message.appendCodeblock(guarded.sql, 'sql');
      const limits = backend.limits();
      message.appendMarkdown(vscode.l10n.t('At most {0} rows; stopped after {1} seconds.', limits.maxRows, Math.round(limits.timeoutMs / 1000)));
      return {
        invocationMessage: vscode.l10n.t('Running the query on {0}', dataset),
        confirmationMessages: { title: vscode.l10n.t('Run SQL on {0}?', dataset), message },
      };
    };
  }
  return tool;
}

export function registerAgentTools(ctx: TableTalkContext, backend: AgentBackend): AgentToolsFeature {
  const tools = new Map(agentTools.map((t) => [t.name, makeTool(ctx, backend, t.name)]));
  const lm = (vscode as { lm?: Partial<typeof vscode.lm> }).lm;
  if (typeof lm?.registerTool !== 'function') {
    const reason = 'vscode.lm.registerTool is not available in this VS Code';
    ctx.log.info(`${reason}: the TableTalk language-model tools are not registered`);
    return { tools, registered: false, reason };
  }
  try {
    for (const [name, tool] of tools) ctx.register(lm.registerTool(name, tool));
    return { tools, registered: true };
  } catch (err) {
    const reason = `vscode.lm.registerTool failed: ${(err as Error).message}`;
    ctx.log.warn(reason);
    return { tools, registered: false, reason };
  }
}
