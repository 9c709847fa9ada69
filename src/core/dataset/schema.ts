/**
 * JSON schema of a dataset file (.tabletalk/datasets/<name>.json). schemas/dataset.schema.json is the same
 * object written out for VS Code's `jsonValidation`; a unit test keeps the two identical.
 */
const stringArray = { type: 'array', items: { type: 'string' } } as const;

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
              evidence: stringArray,
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
