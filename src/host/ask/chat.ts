// The `@tabletalk` chat participant, registered only where VS Code has the Chat API. It picks the dataset (the one
// chosen with `/dataset`, else the only trained one, else it asks), answers with the SQL in a code block and the
// first rows as a table, and offers to open the answer in the Ask panel.
import * as vscode from 'vscode';
import type { LlmProvider } from '../../core/llm/provider';
import { VsCodeLmProvider } from '../llm/vscode-lm';
import type { TableTalkContext } from '../context';
import { answerMarkdown } from './markdown';
import { failureOf, type AskService } from './service';

export const CHAT_PARTICIPANT_ID = 'tabletalk.ask';
const CHOSEN_KEY = 'tabletalk.chat.dataset';
const ROWS_IN_CHAT = 10;

interface ChatMeta {
  dataset?: string;
  /** The question this answer's SQL answers (follow-ups folded in) and that SQL, for the next turn to refine. */
  question?: string;
  sql?: string;
  /** Set when the participant asked the user to choose a dataset. */
  choose?: string[];
}

const code = (s: string) => `\`${s.replace(/`/g, '')}\``;

/** The dataset a chat question goes to, or what to tell the user instead. */
export async function chatDataset(service: AskService, memento: vscode.Memento): Promise<{ name: string } | { message: string; choose: string[] }> {
  const { trained, all } = await service.datasetNames();
  const chosen = memento.get<string>(CHOSEN_KEY);
  if (chosen && all.includes(chosen)) return { name: chosen };
  if (trained.length === 1) return { name: trained[0] };
  if (!trained.length) {
    return {
      message: all.length
        ? vscode.l10n.t('No dataset is trained yet. Train one in the TableTalk Datasets view ({0}), then ask again.', all.map(code).join(', '))
        : vscode.l10n.t('There is no dataset yet. Create one in the TableTalk Datasets view and train it, then ask again.'),
      choose: [],
    };
  }
  return { message: vscode.l10n.t('Several datasets are trained: {0}. Choose one with `/dataset <name>`.', trained.map(code).join(', ')), choose: trained };
}

/** The last answer of this participant in the conversation that had SQL, for a follow-up to refine. */
export function previousAnswer(history: readonly unknown[], dataset: string): { question: string; sql: string } | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const turn = history[i] as Partial<vscode.ChatResponseTurn>;
    if (!turn || turn.participant !== CHAT_PARTICIPANT_ID || !turn.result) continue;
    const meta = (turn.result.metadata ?? {}) as ChatMeta;
    if (meta.dataset === dataset && meta.question && meta.sql) return { question: meta.question, sql: meta.sql };
  }
  return undefined;
}

/**
 * A follow-up ("only 2024", "by month instead") asked as a refinement of the previous answer: the model gets the
 * previous question and its SQL with the new words, and retrieval sees all of them.
 */
export function followUpQuestion(previous: { question: string; sql: string }, prompt: string): string {
  return `${prompt}\n\nThis follows up the previous question "${previous.question}", which was answered with this SQL:\n${previous.sql}\nRewrite that SQL as the follow-up asks; keep everything it does not change.`;
}

/** The participant's request handler (exported so the extension-host tests can call it where no chat UI runs). */
export function createChatHandler(ctx: TableTalkContext, service: AskService): vscode.ChatRequestHandler {
  const memento = ctx.extension.workspaceState;
  return async (request, context, stream, token): Promise<vscode.ChatResult> => {
    const prompt = request.prompt.trim();
    if (request.command === 'dataset') {
      const { trained, all } = await service.datasetNames();
      if (!prompt) {
        stream.markdown(all.length ? vscode.l10n.t('Datasets: {0}. Choose one with `/dataset <name>`.', all.map((n) => (trained.includes(n) ? code(n) : `${code(n)} (${vscode.l10n.t('not trained')})`)).join(', ')) : vscode.l10n.t('There is no dataset yet. Create one in the TableTalk Datasets view.'));
        return { metadata: { choose: trained } satisfies ChatMeta };
      }
      const match = all.find((n) => n === prompt) ?? all.find((n) => n.toLowerCase() === prompt.toLowerCase());
      if (!match) {
        stream.markdown(vscode.l10n.t('There is no dataset named {0}. Datasets: {1}.', code(prompt), all.map(code).join(', ') || vscode.l10n.t('none')));
        return { metadata: { choose: trained } satisfies ChatMeta };
      }
      await memento.update(CHOSEN_KEY, match);
      if (trained.includes(match)) {
        stream.markdown(vscode.l10n.t('Questions to @tabletalk now go to dataset {0}.', code(match)));
      } else {
        stream.markdown(vscode.l10n.t('Questions to @tabletalk now go to dataset {0}, which is not trained yet: train it first.', code(match)));
        stream.button({ command: 'tabletalk.trainDataset', title: vscode.l10n.t('Train Dataset'), arguments: [match] });
      }
      return { metadata: { dataset: match } satisfies ChatMeta };
    }
    if (!prompt) {
      stream.markdown(vscode.l10n.t('Ask a question about your data, e.g. "@tabletalk which artists have the most albums?". Use `/dataset <name>` to choose the dataset.'));
      return {};
    }
    const target = await chatDataset(service, memento);
    if (!('name' in target)) {
      stream.markdown(target.message);
      return { metadata: { choose: target.choose } satisfies ChatMeta };
    }
    const controller = new AbortController();
    const sub = token.onCancellationRequested(() => controller.abort(new vscode.CancellationError()));
    // Without a model in settings, the model the user picked in the chat writes the SQL.
    const fallbackLlm: LlmProvider | undefined = request.model ? new VsCodeLmProvider(request.model) : undefined;
    try {
      const previous = previousAnswer(context?.history ?? [], target.name);
      const question = previous ? `${previous.question} · ${prompt}` : prompt;
      if (previous) stream.progress(vscode.l10n.t('Refining the previous query'));
      const answer = await service.ask(target.name, previous ? followUpQuestion(previous, prompt) : prompt, { signal: controller.signal, fallbackLlm, onStep: (s) => stream.progress(s) });
      stream.markdown(`${vscode.l10n.t('Dataset {0}', code(target.name))}\n\n${answerMarkdown({ ...answer, question }, ROWS_IN_CHAT, vscode.l10n, vscode.env.language)}`);
      stream.button({ command: 'tabletalk.ask', title: vscode.l10n.t('Open in Ask Panel'), arguments: [{ dataset: target.name, question, sql: answer.sql ?? answer.rejectedSql ?? undefined }] });
      return { metadata: { dataset: target.name, question, ...(answer.sql ? { sql: answer.sql } : {}) } satisfies ChatMeta };
    } catch (err) {
      if (token.isCancellationRequested) return {};
      const f = failureOf(err, (s) => service.clean(s));
      ctx.log.error(`@tabletalk on "${target.name}" failed`, err);
      stream.markdown(`**${f.message}**${f.hint ? `\n\n${f.hint}` : ''}`);
      if (f.action === 'trainDataset') stream.button({ command: 'tabletalk.trainDataset', title: vscode.l10n.t('Train Dataset'), arguments: [target.name] });
      if (f.action === 'configureLlm') stream.button({ command: 'tabletalk.configureLlm', title: vscode.l10n.t('Configure LLM') });
      return { errorDetails: { message: f.message }, metadata: { dataset: target.name } satisfies ChatMeta };
    } finally {
      sub.dispose();
    }
  };
}

export function registerChatParticipant(ctx: TableTalkContext, service: AskService): vscode.ChatParticipant | undefined {
  // code-server and older hosts may lack the Chat API (or a chat model): then there is simply no participant.
  const chat = (vscode as { chat?: typeof vscode.chat }).chat;
  if (typeof chat?.createChatParticipant !== 'function') {
    ctx.log.info('Chat API not available: the @tabletalk participant is not registered');
    return undefined;
  }
  const participant = chat.createChatParticipant(CHAT_PARTICIPANT_ID, createChatHandler(ctx, service));
  participant.iconPath = vscode.Uri.joinPath(ctx.extension.extensionUri, 'media', 'tabletalk.svg');
  participant.followupProvider = {
    provideFollowups(result: vscode.ChatResult): vscode.ChatFollowup[] {
      const meta = (result.metadata ?? {}) as ChatMeta;
      return (meta.choose ?? []).map((name) => ({ prompt: name, command: 'dataset', label: vscode.l10n.t('Use dataset {0}', name) }));
    },
  };
  ctx.register(participant);
  return participant;
}
