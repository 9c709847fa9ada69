export function modulesBundledTwice(metafiles: { outputs: Record<string, { inputs: Record<string, unknown> }> }[]): { input: string; outputs: string[] }[];
