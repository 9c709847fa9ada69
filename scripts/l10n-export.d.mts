export function extractStrings(): Promise<Record<string, string | { message: string; comment: string[] }>>;
