// Agents: TableTalk's tools in VS Code's agent mode (language-model tools) and its MCP server offered to VS Code,
// each where the API exists. Called once from activate(), after registerAsk().
import type { TableTalkContext } from '../context';
import type { AskFeature } from '../ask/register';
import type { DatasetsFeature } from '../datasets/register';
import type { ModelsFeature } from '../vector/register';
import { hostAgentBackend } from './backend';
import { registerMcpProvider, type McpFeature } from './mcp';
import { registerAgentTools, type AgentToolsFeature } from './tools';

export interface AgentFeature {
  tools: AgentToolsFeature;
  mcp: McpFeature;
}

export function registerAgent(ctx: TableTalkContext, datasets: DatasetsFeature, models: ModelsFeature, ask: AskFeature): AgentFeature {
  const backend = hostAgentBackend(ctx, datasets, models, ask.service);
  return { tools: registerAgentTools(ctx, backend), mcp: registerMcpProvider(ctx) };
}
