/**
 * JSON schema of a dataset file (.tabletalk/datasets/<name>.json). schemas/dataset.schema.json is the same
 * object written out for VS Code's `jsonValidation`; a unit test keeps the two identical.
 */
const stringArray = { type: 'array', items: { type: 'string' } } as const;

/** An evidence item (EvidenceItem in types.ts), or the plain English string files held before items existed. */
const evidenceItem = {
  anyOf: [
    { type: 'string' },
    {
      type: 'object',
      required: ['kind', 'fields'],
      properties: {
        kind: { type: 'string', minLength: 1 },
        fields: { type: 'object', additionalProperties: { type: ['string', 'number'] } },
      },
      additionalProperties: false,
    },
  ],
} as const;

const isEvidence = (x: unknown): boolean => {
  if (typeof x === 'string') return true;
  if (!x || typeof x !== 'object' || Array.isArray(x)) return false;
  const { kind, fields, ...rest } = x as Record<string, unknown>;
  return (
    typeof kind === 'string' && kind.length > 0 && Object.keys(rest).length === 0 && !!fields && typeof fields === 'object' && !Array.isArray(fields) &&
    Object.values(fields).every((v) => typeof v === 'string' || typeof v === 'number')
  );
};

/**
 * A damaged evidence item (not a string, not a {kind, fields} object) must not make the whole file unreadable: before
 * validation each one becomes an `unreadable` item holding its JSON as written, which the canvas shows as such and the
 * next save keeps. Works on freshly parsed JSON, in place; returns how many items it replaced.
 */
export function repairEvidence(file: unknown): number {
  const relationships = (file as { modeling?: { relationships?: unknown } } | null)?.modeling?.relationships;
  if (!Array.isArray(relationships)) return 0;
  let repaired = 0;
  for (const r of relationships) {
    const evidence = (r as { evidence?: unknown } | null)?.evidence;
    if (!Array.isArray(evidence)) continue;
    evidence.forEach((e, i) => {
      if (isEvidence(e)) return;
      evidence[i] = { kind: 'unreadable', fields: { item: JSON.stringify(e) ?? String(e) } };
      repaired++;
    });
  }
  return repaired;
}

export const datasetSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://tabletalk.dev/schemas/dataset.schema.json',
  title: 'TableTalk dataset',
  description: 'A named choice of tables from one datasource plus what the text-to-SQL model should learn about it.',
  type: 'object',
  required: ['version', 'name', 'datasource', 'collection', 'tables', 'terms', 'examples', 'modeling'],
  properties: {
    $schema: { type: 'string' },
    version: { const: 1, description: 'File format version.' },
    name: { type: 'string', minLength: 1, maxLength: 200, description: 'Dataset name, shown in the Datasets view.' },
    datasource: { type: 'string', minLength: 1, description: 'Datasource id from the tabletalk.datasources setting, or a datasource URL without password.' },
    collection: {
      type: 'string',
      pattern: '^[a-zA-Z0-9][a-zA-Z0-9._-]{1,470}[a-zA-Z0-9]$',
      description: 'Chroma collection prefix, generated on create; keep it stable so the trained model is found again.',
    },
    tables: {
      type: 'array',
      description: 'The tables the model learns.',
      items: {
        type: 'object',
        required: ['name', 'schema'],
        properties: { name: { type: 'string', minLength: 1 }, schema: { type: ['string', 'null'] } },
        additionalProperties: false,
      },
    },
    terms: {
      type: 'array',
      description: 'Business terms (any language, e.g. 销售额) and the tables/columns they point at.',
      items: {
        type: 'object',
        required: ['term', 'definition'],
        properties: {
          term: { type: 'string', minLength: 1 },
          definition: { type: 'string' },
          tables: { ...stringArray, description: 'Table names the term refers to.' },
          columns: { ...stringArray, description: 'Columns as "Table.column".' },
        },
        additionalProperties: false,
      },
    },
    examples: {
      type: 'array',
      description: 'Example question/SQL pairs trained as they are.',
      items: {
        type: 'object',
        required: ['question', 'sql'],
        properties: { question: { type: 'string', minLength: 1 }, sql: { type: 'string', minLength: 1 } },
        additionalProperties: false,
      },
    },
    modeling: {
      type: 'object',
      required: ['relationships', 'rejected', 'positions'],
      properties: {
        relationships: {
          type: 'array',
          items: {
            type: 'object',
            required: ['id', 'source', 'sourceColumns', 'target', 'targetColumns', 'type', 'confidence', 'origin'],
            properties: {
              id: { type: 'string', minLength: 1 },
              source: { type: 'string', minLength: 1 },
              sourceColumns: { ...stringArray, minItems: 1 },
              target: { type: 'string', minLength: 1 },
              targetColumns: { ...stringArray, minItems: 1 },
              type: { enum: ['one-to-one', 'one-to-many', 'many-to-one', 'many-to-many'] },
              confidence: { type: 'number', minimum: 0, maximum: 1 },
              origin: { enum: ['declared', 'inferred', 'user'] },
              evidence: { type: 'array', items: evidenceItem, description: 'Why the relationship holds: {kind, fields} items (older files: English text).' },
            },
            additionalProperties: false,
          },
        },
        rejected: stringArray,
        positions: {
          type: 'object',
          additionalProperties: {
            type: 'object',
            required: ['x', 'y'],
            properties: { x: { type: 'number' }, y: { type: 'number' } },
            additionalProperties: false,
          },
        },
      },
      additionalProperties: false,
    },
    descriptions: {
      type: 'object',
      description: 'Free-text descriptions by "Table" or "Table.column", trained as documentation.',
      additionalProperties: { type: 'string' },
    },
  },
  additionalProperties: false,
} as const;
