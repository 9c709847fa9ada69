// The language-model tools in package.json are what src/core/agent serves over MCP: same names, model-facing
// descriptions and input schemas, each with a `#` reference name and localized display strings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { agentTools } from '../../src/core/agent/definitions';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const nls = (lang: string) => JSON.parse(readFileSync(join(root, `package.nls${lang}.json`), 'utf8')) as Record<string, string>;

test('contributes.languageModelTools matches the agent tool definitions', () => {
  const contributed = pkg.contributes.languageModelTools as { name: string; toolReferenceName: string; modelDescription: string; inputSchema: unknown; displayName: string; userDescription: string; canBeReferencedInPrompt: boolean }[];
  assert.deepEqual(contributed.map((t) => t.name), agentTools.map((t) => t.name));
  for (const def of agentTools) {
    const t = contributed.find((c) => c.name === def.name)!;
    assert.equal(t.toolReferenceName, def.referenceName);
    assert.equal(t.modelDescription, def.description);
    assert.deepEqual(t.inputSchema, def.inputSchema);
    assert.equal(t.canBeReferencedInPrompt, true);
    for (const lang of ['', '.zh-cn']) {
      for (const field of [t.displayName, t.userDescription]) {
        const key = /^%(.+)%$/.exec(field)?.[1];
        assert.ok(key && nls(lang)[key], `${def.name}: ${field} in package.nls${lang}.json`);
      }
    }
  }
  // The final contribution point, and the name VS Code 1.100 gave it while the API was proposed.
  assert.deepEqual(pkg.contributes.mcpServerDefinitionProviders.map((p: { id: string }) => p.id), ['tabletalk.mcp']);
  assert.deepEqual(pkg.contributes.modelContextServerCollections.map((p: { id: string }) => p.id), ['tabletalk.mcp']);
  assert.ok(pkg.engines.vscode === '^1.100.0', 'engines.vscode stays at ^1.100.0');
});
