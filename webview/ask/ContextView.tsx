// Without a language model: what retrieval found for the question (tables, join paths, closest trained examples,
// business terms, table definitions) and how to configure a model.
import type { AskAction, AskAnswer, AskContext } from '../../src/protocol/ask';
import { t } from './strings';

export function ContextView(props: { answer: AskAnswer; context: AskContext; onAction: (a: AskAction) => void; onUseSql: (sql: string) => void }) {
  const { answer, context, onAction, onUseSql } = props;
  return (
    <section class="tt-section tt-context" aria-labelledby="tt-context-title">
      <h2 id="tt-context-title">{t('retrievedContext')}</h2>
      <div class="tt-banner tt-info" role="note">
        <p>{context.configureHint}</p>
        <div class="tt-row">
          <vscode-button onClick={() => onAction('configureLlm')}>{t('configureLlm')}</vscode-button>
          <vscode-button secondary onClick={() => onAction('openLlmSettings')}>{t('openSettings')}</vscode-button>
        </div>
      </div>
      {context.examples.length > 0 && (
        <>
          <h3>{t('closestExamples')}</h3>
          <ol class="tt-examples">
            {context.examples.map((e, i) => (
              <li key={i}>
                <div class="tt-example-q">{e.question}</div>
                <pre class="tt-code">{e.sql}</pre>
                <vscode-button secondary onClick={() => onUseSql(e.sql)}>{t('useThisSql')}</vscode-button>
              </li>
            ))}
          </ol>
        </>
      )}
      {context.terms.length > 0 && (
        <p>
          <strong>{t('termsInQuestion')}</strong> {context.terms.join(', ')}
        </p>
      )}
      {answer.tables.length > 0 && context.ddl.length > 0 && (
        <details>
          <summary>{t('tableDefinitions', context.ddl.length)}</summary>
          {context.ddl.map((d) => (
            <pre key={d.table} class="tt-code">{d.text}</pre>
          ))}
        </details>
      )}
      {context.documentation.length > 0 && (
        <details>
          <summary>{t('documentation', context.documentation.length)}</summary>
          <ul>
            {context.documentation.map((d, i) => (
              <li key={i} class="tt-doc">{d}</li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
