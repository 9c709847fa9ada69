// Types for scripts/targets.mjs, so TypeScript tests can import it.
export interface PackageTarget {
  binding?: string;
  version?: string;
  header?: string;
  strip?: string;
}
export const targets: Record<string, PackageTarget>;
export function nativeHeader(bytes: Buffer): string | undefined;
