// API keys and tokens go only to the origin they were saved for. Endpoint settings are window-scoped, so a
// workspace's .vscode/settings.json can point them elsewhere: then TableTalk asks before sending anything there
// (key or not: questions, schema and rows go to the LLM; texts to the embedder; the trained schema to Chroma).
import * as vscode from 'vscode';
import type { TableTalkContext } from '../context';
import { originOf } from '../secrets';

export type EndpointSetting = 'llm.baseUrl' | 'embeddings.baseUrl' | 'vectorStore.url';

/** The user's own value of an endpoint setting (user settings, else the default), ignoring workspace values. */
function userValue(setting: EndpointSetting, fallback: string): string {
  const i = vscode.workspace.getConfiguration('tabletalk').inspect<string>(setting);
  return i?.globalValue ?? i?.defaultValue ?? fallback;
}

/**
 * The secret stored under `key` for the endpoint `url` (the effective setting value). When a workspace moved the
 * endpoint away from the user's own setting, the user is asked first (modal), whether a secret is stored or not;
 * DestinationRefusedError if they decline. Secrets stored by earlier versions are bound to the user's own origin.
 */
export async function endpointSecret(ctx: TableTalkContext, key: string, setting: EndpointSetting, url: string, what: string): Promise<string | undefined> {
  const destination = originOf(url);
  // In Restricted Mode VS Code ignores the workspace's values (restrictedConfigurations): the URL is the user's.
  const savedFor = vscode.workspace.isTrusted ? originOf(userValue(setting, url)) : destination;
  // A key the user saved for exactly this origin (through TableTalk) needs no question.
  if ((await ctx.secrets.stored(key))?.for !== destination) await ctx.secrets.confirmSend(key, what, savedFor, destination);
  return ctx.secrets.getFor(key, destination, what, savedFor);
}
