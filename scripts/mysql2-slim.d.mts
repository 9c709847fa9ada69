import type { Plugin } from 'esbuild';
export const mysqlTextCodec: string;
export const mysql2Slim: Plugin;
