// Whether two declared column types can hold the same key values, across SQLite, PostgreSQL and MySQL spellings.
import type { EvidenceItem } from '../dataset/types';
import { evidence as item } from './evidence';

export type TypeFamily = 'integer' | 'decimal' | 'float' | 'text' | 'uuid' | 'temporal' | 'boolean' | 'binary' | 'other';

export function typeFamily(declared: string): TypeFamily {
  const t = declared.toLowerCase();
  if (/uuid|uniqueidentifier/.test(t)) return 'uuid';
  if (/^(tinyint\(1\)|bool)/.test(t)) return 'boolean';
  if (/interval/.test(t)) return 'temporal';
  if (/^(unsigned )?(tiny|small|medium|big)?int(eger)?[0-9]*\b|serial/.test(t)) return 'integer';
  if (/dec|numeric|number|money/.test(t)) return 'decimal';
  if (/real|floa|doub/.test(t)) return 'float';
  if (/char|text|clob|string|citext|enum|name/.test(t)) return 'text';
  if (/date|time|year/.test(t)) return 'temporal';
  if (/blob|binary|bytea/.test(t)) return 'binary';
  return 'other';
}

export interface TypeMatch {
  /** 'same': identical family; 'close': values convert losslessly (int vs decimal, uuid vs text); 'no': cannot join. */
  level: 'same' | 'close' | 'no';
  evidence: EvidenceItem;
}

export function compareTypes(source: string, target: string): TypeMatch {
  const a = typeFamily(source);
  const b = typeFamily(target);
  const pair = { source, target };
  if (a === b && a !== 'other') return { level: 'same', evidence: item('types-match', pair) };
  // SQLite lets a column be declared with no or any type: it cannot rule a join out.
  if (a === 'other' || b === 'other') return { level: 'close', evidence: item('types-may-match', pair) };
  const close = new Set(['integer:decimal', 'decimal:integer', 'uuid:text', 'text:uuid']);
  if (close.has(`${a}:${b}`)) return { level: 'close', evidence: item('types-compatible', pair) };
  return { level: 'no', evidence: item('types-differ', pair) };
}
