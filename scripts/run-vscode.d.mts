// Types of the parts of scripts/run-vscode.mjs the tests import.
export function readyLine(server: { installMs: number; startMs: number }): string;
export function parsePort(value: string): number;
