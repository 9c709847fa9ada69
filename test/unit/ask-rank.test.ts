// The full strategy's ranking on a schema that is not Chinook (a school), so nothing it does can lean on Chinook's
// names: BM25 finds the tables a question names, business terms point at theirs (Chinese too), and the bridge
// tables of join paths come in right after the tables that need them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RetrievalCorpus, parseRelationshipDoc, splitExample, type RawRecord } from '../../src/core/ask/corpus';
import { rankFull } from '../../src/core/ask/rank';
import type { DatasetDefinition } from '../../src/core/dataset/types';

const ddl = (name: string, cols: string[], fks: [string, string, string][] = []): RawRecord => ({
  id: `ddl-${name}`,
  document: `CREATE TABLE "${name}" (\n${[...cols.map((c) => `  "${c}" TEXT`), ...fks.map(([c, t, rc]) => `  FOREIGN KEY ("${c}") REFERENCES "${t}" ("${rc}")`)].join(',\n')}\n);`,
  metadata: { table: name, kind: 'ddl' },
});

const records = {
  ddl: [
    ddl('department', ['department_id', 'title', 'building']),
    ddl('teacher', ['teacher_id', 'full_name', 'department_id', 'salary'], [['department_id', 'department', 'department_id']]),
    ddl('course', ['course_id', 'title', 'credits', 'teacher_id'], [['teacher_id', 'teacher', 'teacher_id']]),
    ddl('student', ['student_id', 'full_name', 'enrolled_on', 'birth_date']),
    ddl('enrollment', ['student_id', 'course_id', 'grade'], [['student_id', 'student', 'student_id'], ['course_id', 'course', 'course_id']]),
    ddl('room', ['room_id', 'building', 'capacity']),
    ddl('exam', ['exam_id', 'course_id', 'room_id', 'held_on'], [['course_id', 'course', 'course_id'], ['room_id', 'room', 'room_id']]),
  ],
  documentation: [
    { id: 'doc-rel', document: 'How exam joins room: exam.room_id = room.room_id\n(many-to-one).', metadata: { kind: 'documentation', source: 'relationship', tables: '|exam|room|' } },
  ],
  sql: [
    { id: 'sql-1', document: JSON.stringify({ question: 'How many rooms are there?', sql: 'SELECT COUNT(*) FROM room' }), metadata: { kind: 'sql', question: 'How many rooms are there?', tables: '|room|' } },
  ],
};

const dataset: DatasetDefinition = {
  version: 1,
  name: 'school',
  datasource: 'sqlite:///school.db',
  collection: 'school-1',
  tables: records.ddl.map((r) => ({ name: String(r.metadata.table), schema: null })),
  terms: [
    { term: '老师', definition: '授课的教师', tables: ['teacher'] },
    { term: '院系', definition: '学校的系', tables: ['department'] },
    { term: 'GPA', definition: 'average grade of a student', columns: ['enrollment.grade'] },
  ],
  examples: [],
  modeling: { relationships: [], rejected: [], positions: {} },
};

const noVectors = { ddl: [], documentation: [], sql: [] };

test('the bridge table of a join path follows the table that needed it', () => {
  const corpus = new RetrievalCorpus(records, dataset);
  const r = rankFull('Which students take courses?', corpus, noVectors, { k: 3 });
  assert.deepEqual(r.tables.map((t) => t.table).sort(), ['course', 'enrollment', 'student']);
  const enrollment = r.tables.find((t) => t.table === 'enrollment')!;
  assert.ok(enrollment.reasons.some((x) => x.startsWith('bridge:')), enrollment.reasons.join(' '));
  assert.deepEqual(r.joinPaths.map((p) => p.tables.length), [3]);
});

test('a longer path brings every table on it, in order', () => {
  const corpus = new RetrievalCorpus(records, dataset);
  const r = rankFull('Which students did each department teach?', corpus, noVectors, { k: 5 });
  assert.deepEqual(r.tables.map((t) => t.table).sort(), ['course', 'department', 'enrollment', 'student', 'teacher']);
});

test('business terms point at their tables, also in Chinese and through columns', () => {
  const corpus = new RetrievalCorpus(records, dataset);
  const zh = rankFull('每个院系有多少老师？', corpus, noVectors, { k: 2 });
  assert.deepEqual(zh.tables.map((t) => t.table).sort(), ['department', 'teacher']);
  assert.deepEqual(zh.terms.sort(), ['老师', '院系']);
  const gpa = rankFull('What is the gpa of each student?', corpus, noVectors, { k: 2 });
  assert.deepEqual(gpa.tables.map((t) => t.table).sort(), ['enrollment', 'student']);
});

test('a table many documents mention does not win by volume', () => {
  const many = { ...records, documentation: Array.from({ length: 30 }, (_, i) => ({ id: `d${i}`, document: `Note ${i} about rooms and buildings`, metadata: { kind: 'documentation', tables: '|room|' } })) };
  const corpus = new RetrievalCorpus(many, dataset);
  const r = rankFull('Which teachers earn the highest salary?', corpus, noVectors, { k: 1 });
  assert.equal(r.tables[0].table, 'teacher');
});

test('relationship documents, FOREIGN KEY lines and the dataset model all become graph edges', () => {
  const corpus = new RetrievalCorpus(records, { ...dataset, modeling: { relationships: [{ id: 'r', source: 'room', sourceColumns: ['building'], target: 'department', targetColumns: ['building'], type: 'many-to-one', confidence: 0.6, origin: 'inferred' }], rejected: [], positions: {} } });
  assert.deepEqual(corpus.graph.shortestPath('room', 'department')?.tables, ['room', 'department']);
  assert.deepEqual(corpus.graph.shortestPath('exam', 'room')?.tables, ['exam', 'room']);
  assert.deepEqual(parseRelationshipDoc('How Track joins Album: Track.AlbumId = Album.AlbumId'), { from: 'Track', fromColumns: ['AlbumId'], to: 'Album', toColumns: ['AlbumId'] });
  assert.equal(parseRelationshipDoc('A note that is not about joins'), null);
});

test('example records yield question and SQL from metadata, JSON or text', () => {
  assert.deepEqual(splitExample({ id: 'a', document: '{"question":"q?","sql":"SELECT 1"}', metadata: {} }), { question: 'q?', sql: 'SELECT 1' });
  assert.deepEqual(splitExample({ id: 'b', document: 'How many?\nSELECT COUNT(*) FROM t', metadata: {} }), { question: 'How many?', sql: 'SELECT COUNT(*) FROM t' });
  assert.deepEqual(splitExample({ id: 'c', document: 'x', metadata: { question: 'q', sql: 'SELECT 2' } }), { question: 'q', sql: 'SELECT 2' });
});

test('"Save as Example" records join the BM25 index at once', () => {
  const corpus = new RetrievalCorpus(records, dataset);
  corpus.add('sql', { id: 'sql-new', document: JSON.stringify({ question: 'Which exams are held in the big hall?', sql: 'SELECT * FROM exam' }), metadata: { kind: 'sql', tables: '|exam|' } });
  const r = rankFull('exams in the big hall', corpus, noVectors, { k: 3 });
  assert.equal(r.examples[0].id, 'sql-new');
  assert.equal(corpus.add('sql', { id: 'sql-new', document: '{}', metadata: {} }), undefined, 'a known id is not added twice');
});

test('equally distant vector hits rank the same whatever order the vector store returned them in', () => {
  const corpus = new RetrievalCorpus(records, dataset);
  // Every DDL and example hit at one distance (the hash embedder ties often on large schemas), in three orders.
  const tie = (list: RawRecord[]) => list.map((r) => ({ id: r.id, document: r.document, metadata: r.metadata as Record<string, string>, distance: 0.5 }));
  const ddlHits = tie(records.ddl);
  const sqlHits = tie([...records.sql, { id: 'sql-2', document: JSON.stringify({ question: 'List exams', sql: 'SELECT * FROM exam' }), metadata: { kind: 'sql', question: 'List exams', tables: '|exam|' } }]);
  const ranks = [(l: typeof ddlHits) => l, (l: typeof ddlHits) => [...l].reverse(), (l: typeof ddlHits) => [...l.slice(3), ...l.slice(0, 3)]].map((order) => {
    const r = rankFull('zzz', corpus, { ddl: order(ddlHits), documentation: [], sql: order(sqlHits) }, { k: 7 });
    return { tables: r.tables.map((t) => `${t.table}:${t.score.toFixed(6)}`), examples: r.examples.map((d) => d.id) };
  });
  assert.ok(ranks[0].tables.length >= 3, JSON.stringify(ranks[0]));
  assert.deepEqual(ranks[1], ranks[0]);
  assert.deepEqual(ranks[2], ranks[0]);
});
