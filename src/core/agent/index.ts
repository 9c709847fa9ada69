// Agent tools over a trained dataset, shared by the MCP server (src/cli/mcp.ts) and VS Code's language-model tools.
export { agentTools, toolDefinition } from './definitions';
export type { AgentToolDefinition, AgentToolName, JsonSchema } from './definitions';
export { invokeAgentTool, resultText, jsonValue, datasetSchemaResource, datasetTermsResource } from './tools';
export type { AgentToolResult } from './tools';
export { AgentToolError } from './backend';
export type { AgentBackend, AgentLimits } from './backend';
