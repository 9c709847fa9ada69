// Which platform a VSIX was built for (scripts/package.mjs writes dist/target.json), checked against where it
// runs: a VSIX of another platform installed by hand, or the universal one (no embedded Chroma server), gets a
// clear message naming the platform and the VSIX to install instead of a stack trace from a native module.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromaBindingFor } from './chroma-bindings';

export interface VsixTarget {
  /** 'linux-x64', …, or 'universal' (no embedded Chroma server). */
  target: string;
  version: string;
}

export type TargetCheck =
  | { ok: true }
  | { ok: false; reason: 'universal' | 'other-platform' | 'no-binding'; target: string; running: string; rightVsix?: string };

/** dist/target.json of a packaged extension, or undefined when running from source (nothing to check). */
export function readVsixTarget(extensionRoot: string): VsixTarget | undefined {
  const file = join(extensionRoot, 'dist', 'target.json');
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as VsixTarget;
}

export function runningPlatform(platform: string = process.platform, arch: string = process.arch): string {
  return `${platform}-${arch}`;
}

/** Whether the embedded Chroma server of this installation can run here; if not, why and which VSIX would. */
export function checkEmbeddedChroma(built: VsixTarget | undefined, running = runningPlatform(), hasBinding = !!chromaBindingFor()): TargetCheck {
  const rightVsix = (v: string) => (hasBinding ? `tabletalk-${running}-${v}.vsix` : undefined);
  if (!built) return { ok: true };
  if (built.target === 'universal') return { ok: false, reason: 'universal', target: built.target, running, rightVsix: rightVsix(built.version) };
  if (built.target !== running) return { ok: false, reason: 'other-platform', target: built.target, running, rightVsix: rightVsix(built.version) };
  if (!hasBinding) return { ok: false, reason: 'no-binding', target: built.target, running };
  return { ok: true };
}
