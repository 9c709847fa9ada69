// Relationship candidates from names alone: what a column is called says which table it points at.
// The rules extend Azimutt's relationMissing (singular words, <table>_id, prefix stripping, *_by -> users,
// polymorphic *_type) with key-name matches, composite keys, hierarchies and person roles. Each candidate
// carries a prior probability that the data and the types then raise or lower (see score.ts).
import type { Column, Table } from '../datasource/types';
import type { EvidenceItem } from '../dataset/types';
import { evidence as item } from './evidence';
import { nameWords, normalizedName } from './words';
import { isUniqueKey, primaryKey, tableKey } from './tables';
import { typeFamily } from './type-family';

export interface Candidate {
  source: Table;
  sourceColumns: Column[];
  target: Table;
  targetColumns: Column[];
  /** Probability from the names alone. */
  prior: number;
  evidence: EvidenceItem[];
  /** Candidates sharing a group are alternatives for one column (only one can be right): the best survives. */
  group?: string;
  /** Set when the column points at different tables depending on a sibling type column. */
  polymorphic?: { typeColumn: Column; value: string };
}

/** A column whose target depends on the values of a sibling `<name>_type` column: needs the data to resolve. */
export interface PolymorphicProbe {
  source: Table;
  idColumn: Column;
  typeColumn: Column;
}

const ID_WORDS = new Set(['id', 'uuid', 'guid', 'key', 'fk', 'ref']);
// Key names so common that "same name as a primary key elsewhere" would match every table.
const GENERIC_KEY_NAMES = new Set(['id', 'uuid', 'guid', 'key', 'code', 'name', 'no', 'num', 'number', 'ref', 'pk', 'rowid', 'oid']);
const POLYMORPHIC_SUFFIXES = ['type', 'kind', 'class', 'model', 'table', 'entity'];
const MAX_NAME_MATCHES = 3;

// Generic English vocabulary for people in roles: columns like `support_rep_id`, `owner_id`, `reviewer`
// point at a table of people, which only the data can then confirm.
const ROLE_WORDS = new Set([
  'rep', 'representative', 'agent', 'manager', 'owner', 'author', 'creator', 'editor', 'assignee', 'assigner',
  'reporter', 'reviewer', 'approver', 'supervisor', 'boss', 'salesperson', 'seller', 'buyer', 'sponsor',
  'operator', 'handler', 'recruiter', 'referrer', 'coordinator', 'advisor', 'adviser', 'consultant', 'planner',
  'lead', 'leader', 'mentor', 'coach', 'admin', 'moderator', 'organizer', 'organiser', 'requester', 'submitter',
  'uploader', 'sender', 'recipient', 'receiver', 'staff', 'employee', 'user', 'member', 'person', 'account',
  'superior', 'head', 'approver', 'modifier', 'updater', 'deleter', 'inviter', 'invitee',
]);
// Roles people hold inside an organisation: prefer a table of staff over a table of users or customers.
const STAFF_ROLES = new Set([
  'rep', 'representative', 'agent', 'manager', 'supervisor', 'boss', 'salesperson', 'recruiter', 'coordinator',
  'advisor', 'adviser', 'consultant', 'planner', 'lead', 'leader', 'mentor', 'coach', 'handler', 'superior', 'head', 'staff', 'employee',
]);
// Words for "the one above me": in a table of people, such a column points back at the same table.
const HIERARCHY_PHRASES: string[][] = [['report', 'to'], ['reporting', 'to'], ['manager'], ['supervisor'], ['boss'], ['superior'], ['mentor'], ['line', 'manager']];
// "parent" points back at the same table whatever it holds (categories, folders, comments).
const SELF_WORDS = new Set(['parent']);

const STAFF_TABLES = new Set(['employee', 'staff', 'worker', 'personnel', 'agent', 'rep', 'representative', 'clerk', 'salesperson', 'teammate']);
const USER_TABLES = new Set(['user', 'account', 'member', 'admin', 'operator', 'login', 'profile']);
const PEOPLE_TABLES = new Set(['person', 'contact', 'individual', 'party', 'customer', 'client', 'patient', 'student', 'guest']);

const COMPARE = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Looks tables up by their singular name words, with and without a table prefix (wp_posts -> post). */
class TableIndex {
  private readonly exact = new Map<string, Table[]>();
  private readonly stripped = new Map<string, Table[]>();

  constructor(tables: Table[]) {
    for (const t of tables) {
      if (t.kind !== 'table') continue;
      const words = nameWords(t.name);
      if (!words.length) continue;
      push(this.exact, words.join('_'), t);
      for (let k = 1; k <= 2 && k < words.length; k++) push(this.stripped, words.slice(k).join('_'), t);
    }
  }

  find(words: string[]): { tables: Table[]; how: 'exact' | 'prefix' } {
    // user2_id names users when no table is called user2.
    for (const w of [words, words.filter((x) => !/^[0-9]+$/.test(x))]) {
      if (!w.length) continue;
      const key = w.join('_');
      const exact = this.exact.get(key);
      if (exact?.length) return { tables: exact, how: 'exact' };
      const stripped = this.stripped.get(key);
      if (stripped?.length) return { tables: stripped, how: 'prefix' };
    }
    return { tables: [], how: 'prefix' };
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V) {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

type Person = { table: Table; kind: 'staff' | 'user' | 'people' | null; score: number; named: boolean };

/** What kind of people a table holds, and how sure we are it holds people at all (0 = not people). */
function personProfile(t: Table): { kind: 'staff' | 'user' | 'people' | null; score: number; named: boolean } {
  const words = nameWords(t.name);
  const last = words[words.length - 1] ?? '';
  const cols = t.columns.map((c) => nameWords(c.name).join('_'));
  let columnScore = 0;
  if (cols.some((c) => /(^|_)first_?name$/.test(c) || c === 'firstname') && cols.some((c) => /(^|_)last_?name$/.test(c) || c === 'lastname')) columnScore++;
  else if (cols.some((c) => c === 'full_name' || c === 'display_name')) columnScore++;
  if (cols.some((c) => /(^|_)e_?mail(_address)?$/.test(c))) columnScore++;
  if (cols.some((c) => /(^|_)hire(d)?(_date|_at|_on)?$/.test(c))) columnScore++;
  if (STAFF_TABLES.has(last)) return { kind: 'staff', score: 3 + columnScore, named: true };
  if (USER_TABLES.has(last)) return { kind: 'user', score: 2 + columnScore, named: true };
  if (PEOPLE_TABLES.has(last)) return { kind: 'people', score: 1 + columnScore, named: true };
  if (columnScore >= 2) return { kind: 'people', score: columnScore, named: false };
  return { kind: null, score: 0, named: false };
}

/**
 * The column(s) of `target` a single-column reference most likely points at: its one-column primary key,
 * else a unique column with a key-like name, else a same-named column (not unique: weaker).
 */
function keyColumnFor(target: Table, column: Column): Column | null {
  const words = nameWords(column.name);
  if (words[words.length - 1] === 'code') {
    // country_code -> countries.code (or iso_code): a code, not the surrogate id.
    const codes = target.columns.filter((c) => nameWords(c.name).pop() === 'code');
    return codes.find((c) => isUniqueKey(target, [c.name])) ?? codes[0] ?? null;
  }
  const pk = primaryKey(target);
  if (pk.length === 1) return pk[0];
  if (pk.length > 1) return null; // composite keys are matched column by column (compositeCandidates)
  const unique = target.columns.filter((c) => isUniqueKey(target, [c.name]));
  const keyLike = (c: Column) => {
    const w = nameWords(c.name);
    return ID_WORDS.has(w[w.length - 1]) || normalizedName(c.name) === normalizedName(column.name);
  };
  return unique.find(keyLike) ?? target.columns.find((c) => c.name.toLowerCase() === 'id' || normalizedName(c.name) === normalizedName(column.name)) ?? null;
}

/** Splits a reference column into the words naming the entity it points at: `media_type_id` -> [media, type]. */
function entityWords(column: Column): string[] | null {
  const words = nameWords(column.name);
  if (words.length >= 2 && (ID_WORDS.has(words[words.length - 1]) || words[words.length - 1] === 'code')) return words.slice(0, -1);
  if (words.length >= 2 && (words[0] === 'id' || words[0] === 'fk')) return words.slice(1); // id_album, fk_album
  const last = words[words.length - 1];
  // `artistid`: a lower-cased name whose last word glues "id" on.
  if (last && last.length > 4 && last.endsWith('id')) return [...words.slice(0, -1), last.slice(0, -2)];
  return null;
}

function describe(t: Table, cols: Column[]): string {
  return `${tableKey(t)}.${cols.map((c) => c.name).join(', ')}`;
}

export interface NamingResult {
  candidates: Candidate[];
  polymorphic: PolymorphicProbe[];
}

/**
 * Candidates for every column of `sources` against every table of `all`. `skip` says which source columns
 * are already explained (declared foreign keys) and need no guess.
 */
export function namingCandidates(all: Table[], sources: Table[], skip: (t: Table, c: Column) => boolean): NamingResult {
  const index = new TableIndex(all);
  const people = all
    .filter((t) => t.kind === 'table')
    .map((t) => ({ table: t, ...personProfile(t) }))
    .filter((p) => p.kind !== null);
  const candidates: Candidate[] = [];
  const polymorphic: PolymorphicProbe[] = [];
  const byPrimaryKeyName = new Map<string, { table: Table; key: Column }[]>();
  for (const t of all) {
    const tpk = primaryKey(t);
    if (t.kind === 'table' && tpk.length === 1) push(byPrimaryKeyName, normalizedName(tpk[0].name), { table: t, key: tpk[0] });
  }

  for (const s of sources) {
    const pk = primaryKey(s);
    for (const c of s.columns) {
      if (skip(s, c)) continue;
      const ownKey = pk.length === 1 && pk[0] === c;
      const found: Candidate[] = [];
      const words = nameWords(c.name).filter((w) => !/^[0-9]+$/.test(w));

      // <table>_id, <Table>Id, <table>id, id_<table>, with table-prefix and role-prefix stripping.
      const entity = entityWords(c);
      if (entity?.length) {
        const own = normalizedName(s.name) === entity.join('_') || index.find(entity).tables.includes(s);
        if (!(ownKey && own)) found.push(...entityCandidates(index, s, c, entity, ownKey));
      }

      // The same name as a one-column primary key elsewhere (PostgreSQL-style album_id -> album.album_id).
      if (!ownKey && !GENERIC_KEY_NAMES.has(words.join('_'))) {
        const same = (byPrimaryKeyName.get(normalizedName(c.name)) ?? []).filter((m) => m.table !== s);
        if (same.length <= MAX_NAME_MATCHES) {
          for (const { table: t, key } of same) {
            found.push({ source: s, sourceColumns: [c], target: t, targetColumns: [key], prior: 0.75, evidence: [item('primary-key-name', { column: c.name, table: tableKey(t) })] });
          }
        }
      }

      // created_by, updated_by -> users (then accounts, then other people).
      if (!found.length && words.length >= 2 && words[words.length - 1] === 'by') {
        found.push(...roleCandidates(people, s, c, 'user', item('ends-in-by', { column: c.name }), false, 0.55));
      }

      // Polymorphic: commentable_id + commentable_type; the type column's values name the tables.
      if (entity?.length) {
        const sibling = s.columns.find((o) => o !== c && POLYMORPHIC_SUFFIXES.some((suf) => COMPARE(nameWords(o.name), [...entity, suf])));
        if (sibling) polymorphic.push({ source: s, idColumn: c, typeColumn: sibling });
      }

      // Hierarchies and roles: support_rep_id, reports_to, parent_id, owner_id.
      if (!found.length && !ownKey) {
        found.push(...hierarchyAndRoleCandidates(people, s, c, words));
      }
      candidates.push(...found);
    }
  }
  candidates.push(...compositeCandidates(all, sources, skip));
  return { candidates, polymorphic };
}

function entityCandidates(index: TableIndex, s: Table, c: Column, entity: string[], ownKey: boolean): Candidate[] {
  // Tiers, strongest first; the first tier that names a table wins.
  // `why` gives the evidence, told whether the table was found without its table prefix (wp_posts for post_id).
  const tiers: { words: string[]; prior: number; why: (t: Table, stripped: boolean) => EvidenceItem }[] = [];
  tiers.push({ words: entity, prior: 0.8, why: (t, stripped) => item(stripped ? 'names-table-stripped' : 'names-table', { column: c.name, table: tableKey(t) }) });
  // Role prefixes: billing_address_id -> address, parent_category_id -> category.
  for (let k = 1; k <= 3 && k < entity.length; k++) {
    const prefix = entity.slice(0, k).join(' ');
    tiers.push({
      words: entity.slice(k),
      prior: 0.6,
      why: (t, stripped) => item(stripped ? 'names-table-after-prefix-stripped' : 'names-table-after-prefix', { column: c.name, table: tableKey(t), prefix }),
    });
  }
  // Suffixes: customer_account_id -> customer.
  for (let k = 1; k <= 2 && k < entity.length; k++) {
    tiers.push({ words: entity.slice(0, entity.length - k), prior: 0.5, why: (t, stripped) => item(stripped ? 'starts-with-table-stripped' : 'starts-with-table', { column: c.name, table: tableKey(t) }) });
  }
  for (const tier of tiers) {
    const { tables, how } = index.find(tier.words);
    // A name that fits many tables says nothing about which one.
    if (tables.length > MAX_NAME_MATCHES) continue;
    const out: Candidate[] = [];
    for (const t of tables) {
      const key = keyColumnFor(t, c);
      if (!key || (t === s && key === c)) continue;
      // A table's own primary key points elsewhere only for a one-to-one extension (user_profile.user_id -> user).
      if (ownKey && t === s) continue;
      const evidence = [tier.why(t, how === 'prefix')];
      out.push({ source: s, sourceColumns: [c], target: t, targetColumns: [key], prior: how === 'prefix' ? tier.prior - 0.05 : tier.prior, evidence });
    }
    if (out.length) return out;
  }
  return [];
}

function roleCandidates(
  people: Person[],
  s: Table,
  c: Column,
  prefer: 'staff' | 'user',
  why: EvidenceItem,
  allowSelf = false,
  /** Prior of the best match when its table is named for the preferred kind (`users` for created_by). */
  namedPrior = 0.35,
): Candidate[] {
  const order = prefer === 'staff' ? { staff: 3, user: 2, people: 0 } : { user: 3, staff: 2, people: 0 };
  const ranked = people
    .filter((p) => allowSelf || p.table !== s)
    // The kind the role prefers counts, but so do the columns that show a table really holds people.
    .map((p) => ({ ...p, rank: order[p.kind ?? 'people'] * 2 + p.score }))
    .sort((a, b) => b.rank - a.rank);
  const out: Candidate[] = [];
  ranked.forEach((p, i) => {
    const key = keyColumnFor(p.table, c);
    if (!key) return;
    const best = i === 0 || p.rank === ranked[0].rank;
    out.push({
      source: s,
      sourceColumns: [c],
      target: p.table,
      targetColumns: [key],
      prior: best ? (p.named && p.kind === prefer ? namedPrior : 0.35) : 0.15,
      evidence: [why, item(p.kind === 'staff' ? 'staff-table' : p.kind === 'user' ? 'users-table' : 'people-table', { table: tableKey(p.table) })],
      group: describe(s, [c]),
    });
  });
  return out;
}

function hierarchyAndRoleCandidates(
  people: Person[],
  s: Table,
  c: Column,
  words: string[],
): Candidate[] {
  const endsWithId = ID_WORDS.has(words[words.length - 1]);
  const core = endsWithId ? words.slice(0, -1) : words;
  if (!core.length) return [];
  // Without an id suffix, only a key-typed column whose name ends in a role counts (`owner`, `post_author`,
  // `reports_to`), not `head_count`.
  if (!endsWithId) {
    const keyTyped = ['integer', 'uuid', 'other'].includes(typeFamily(c.type));
    const last = core[core.length - 1];
    const endsInRole = ROLE_WORDS.has(last) || SELF_WORDS.has(last) || HIERARCHY_PHRASES.some((p) => COMPARE(core.slice(-p.length), p));
    if (!keyTyped || !endsInRole) return [];
  }
  if (core.some((w) => SELF_WORDS.has(w))) {
    const key = keyColumnFor(s, c);
    if (key && key !== c) {
      return [{ source: s, sourceColumns: [c], target: s, targetColumns: [key], prior: 0.45, evidence: [item('parent', { column: c.name, table: tableKey(s) })] }];
    }
    return [];
  }
  const hierarchy = HIERARCHY_PHRASES.some((p) => COMPARE(core.slice(-p.length), p));
  // Customers have account managers, not bosses: only staff and users sit in a hierarchy of their own.
  const selfIsPeople = people.some((p) => p.table === s && (p.kind === 'staff' || p.kind === 'user'));
  if (hierarchy && selfIsPeople) {
    const key = keyColumnFor(s, c);
    if (key && key !== c) {
      return [{ source: s, sourceColumns: [c], target: s, targetColumns: [key], prior: 0.45, evidence: [item('hierarchy', { column: c.name, table: tableKey(s) })], group: describe(s, [c]) }];
    }
  }
  const role = core.find((w) => ROLE_WORDS.has(w));
  if (hierarchy || role) {
    const staff = hierarchy || (role !== undefined && STAFF_ROLES.has(role));
    return roleCandidates(people, s, c, staff ? 'staff' : 'user', item('role', { column: c.name, role: (hierarchy ? core.join(' ') : role) ?? '' }));
  }
  return [];
}

/** Composite keys: a table holding every column of another table's multi-column primary key, by name. */
function compositeCandidates(all: Table[], sources: Table[], skip: (t: Table, c: Column) => boolean): Candidate[] {
  const out: Candidate[] = [];
  for (const t of all) {
    const tpk = primaryKey(t);
    if (t.kind !== 'table' || tpk.length < 2) continue;
    for (const s of sources) {
      if (s === t) continue;
      const cols = tpk.map((k) => s.columns.find((c) => normalizedName(c.name) === normalizedName(k.name)));
      if (cols.some((c) => !c)) continue;
      const sourceColumns = cols as Column[];
      if (sourceColumns.every((c) => skip(s, c))) continue;
      // Same key on both sides: a one-to-one whose direction the names cannot tell.
      if (isUniqueKey(s, sourceColumns.map((c) => c.name)) === 'primary key') continue;
      out.push({
        source: s,
        sourceColumns,
        target: t,
        targetColumns: tpk,
        prior: 0.7,
        evidence: [item('composite-key', { source: tableKey(s), target: tableKey(t), columns: tpk.map((k) => k.name).join(', ') })],
      });
    }
  }
  return out;
}

/**
 * Resolves a polymorphic column once its type column's values are known: each value ("Post",
 * "App\\Models\\Photo") that names a table becomes a candidate valid where the type column holds it.
 */
export function polymorphicCandidates(all: Table[], probe: PolymorphicProbe, values: string[]): Candidate[] {
  const index = new TableIndex(all);
  const out: Candidate[] = [];
  for (const value of values) {
    const last = value.split(/[\\/.:]+/).filter(Boolean).pop() ?? '';
    const words = nameWords(last);
    if (!words.length) continue;
    for (const t of index.find(words).tables) {
      const key = keyColumnFor(t, probe.idColumn);
      if (!key) continue;
      out.push({
        source: probe.source,
        sourceColumns: [probe.idColumn],
        target: t,
        targetColumns: [key],
        prior: 0.6,
        evidence: [item('polymorphic', { column: probe.idColumn.name, table: tableKey(t), typeColumn: probe.typeColumn.name, value })],
        polymorphic: { typeColumn: probe.typeColumn, value },
      });
    }
  }
  return out;
}
