// The tools as a model sees them: names, when to use each and what comes back, and JSON schemas of their input.
// The same definitions serve the MCP server and VS Code's language-model tools (package.json repeats them, since
// a manifest cannot import; a unit test keeps the two equal).
export type AgentToolName = 'tabletalk_list_datasets' | 'tabletalk_get_context' | 'tabletalk_describe_table' | 'tabletalk_run_query' | 'tabletalk_suggest_relationships';

export interface JsonSchema {
  type: 'object';
  properties: Record<string, Record<string, unknown>>;
  required?: string[];
  additionalProperties: false;
}

export interface AgentToolDefinition {
  name: AgentToolName;
  /** The `#` reference in VS Code chat. */
  referenceName: string;
  title: string;
  description: string;
  inputSchema: JsonSchema;
  /** True for the tools that never run SQL written by the caller. */
  readOnlyHint: boolean;
}

const dataset = { type: 'string', minLength: 1, description: 'Dataset name, as returned by tabletalk_list_datasets.' };

export const agentTools: AgentToolDefinition[] = [
  {
    name: 'tabletalk_list_datasets',
    referenceName: 'tabletalkDatasets',
    title: 'List TableTalk datasets',
    description: 'Lists the TableTalk datasets of this workspace: each has a name, its datasource (name and SQL dialect), its tables, and whether it is trained. Call this first to learn which dataset answers questions about which data; only trained datasets can give context for a question.',
    inputSchema: { type: 'object', properties: {}, additionalProperties: false },
    readOnlyHint: true,
  },
  {
    name: 'tabletalk_get_context',
    referenceName: 'tabletalkContext',
    title: 'Get context for a question',
    description: 'Before writing SQL for a question about a trained dataset, call this: it returns the tables the question most likely needs with their CREATE TABLE statements, descriptions, the business terms the question uses, the join paths between the tables, and the closest validated question/SQL examples, all within a token budget (maxTokens). Write the SQL from this context in the returned dialect.',
    inputSchema: {
      type: 'object',
      properties: {
        dataset,
        question: { type: 'string', minLength: 1, description: 'The question in natural language (any language).' },
        maxTokens: { type: 'integer', minimum: 200, maximum: 100000, description: 'Token budget for the returned context; default 4000.' },
      },
      required: ['dataset', 'question'],
      additionalProperties: false,
    },
    readOnlyHint: true,
  },
  {
    name: 'tabletalk_describe_table',
    referenceName: 'tabletalkTable',
    title: 'Describe a table',
    description: "Describes one table of a dataset as the database has it now: columns with types, nullability, defaults and comments, the primary key, unique keys, foreign keys, the dataset's modeled relationships (declared, inferred or drawn by the user) and its description. Use it to check column names before writing SQL.",
    inputSchema: {
      type: 'object',
      properties: { dataset, table: { type: 'string', minLength: 1, description: 'Table name as listed for the dataset (schema.name is accepted).' } },
      required: ['dataset', 'table'],
      additionalProperties: false,
    },
    readOnlyHint: true,
  },
  {
    name: 'tabletalk_run_query',
    referenceName: 'tabletalkQuery',
    title: 'Run a read-only query',
    description: "Runs one read-only SQL query (SELECT, or WITH ... SELECT) on a dataset's database and returns the columns and rows. It goes through TableTalk's guard: writes (INSERT, UPDATE, DELETE, DDL), several statements, locking reads and functions with side effects are refused with the reason, and nothing runs. Results are capped by the dataset's row limit and a byte limit (truncated: true says rows were cut; add a filter or LIMIT), and the query is stopped after the statement timeout. Use the dialect returned by tabletalk_get_context.",
    inputSchema: {
      type: 'object',
      properties: {
        dataset,
        sql: { type: 'string', minLength: 1, description: 'One read-only SQL statement.' },
        maxRows: { type: 'integer', minimum: 1, maximum: 1000000, description: "Return at most this many rows (never more than the dataset's row limit)." },
      },
      required: ['dataset', 'sql'],
      additionalProperties: false,
    },
    readOnlyHint: false,
  },
  {
    name: 'tabletalk_suggest_relationships',
    referenceName: 'tabletalkRelationships',
    title: 'Suggest relationships',
    description: "Suggests relationships (joins) between tables of a dataset that are not modeled yet: declared foreign keys and relationships inferred from column names, types and a sample of the data, each with a confidence in [0, 1] and its evidence. Use it when tables have no declared foreign keys and you need to know how to join them.",
    inputSchema: {
      type: 'object',
      properties: {
        dataset,
        tables: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1, description: 'Only relationships touching these tables; default: all tables of the dataset.' },
      },
      required: ['dataset'],
      additionalProperties: false,
    },
    readOnlyHint: true,
  },
];

export function toolDefinition(name: string): AgentToolDefinition | undefined {
  return agentTools.find((t) => t.name === name);
}
