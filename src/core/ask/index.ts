// The Ask API for the CLI and the VS Code host (the "Ask a Question" panel and the @tabletalk chat participant).
export { ask, runSql, DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_MS } from './ask';
export type { AskOptions, AskResult, AskAttempt, AskRefusalCode, RunSqlOptions, RunSqlResult } from './ask';
export { saveExample, ExampleRefusedError } from './saveExample';
export type { SaveExampleDeps, SaveExampleResult } from './saveExample';
export { retrieveTables, parseStrategy, retrievalStrategies, loadCorpus } from './strategy';
export type { Retrieval, RetrievalDeps, RetrievalOptions, RetrievalStrategy } from './strategy';
export { guardSql, dialectNames } from './guard';
export type { GuardResult, GuardRefusalCode } from './guard';
export { extractSql } from './extractSql';
export type { Extracted } from './extractSql';
export { buildPrompt, PromptBudgetError } from './prompt';
export type { BuiltPrompt, PromptInput, SectionName, SectionReport } from './prompt';
export { estimateTokens } from './tokens';
export { describeStep } from './joinPaths';
export type { JoinPath, JoinStep } from './joinPaths';
export type { RankedTable } from './rank';
export { NotTrainedError } from './retrieve';
export { tablesNamedIn } from './corpus';
