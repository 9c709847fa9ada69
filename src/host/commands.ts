// Command registration, one way for every feature: a failure is shown once (with Show Log) and the command
// resolves undefined, so VS Code does not report it a second time.
import * as vscode from 'vscode';
import type { TableTalkContext } from './context';

/** `failure` titles the error message (default "TableTalk: <command> failed"). */
export function registerCommand<A extends unknown[], R>(ctx: TableTalkContext, name: string, fn: (...args: A) => R | Promise<R>, failure?: () => string): vscode.Disposable {
  return ctx.register(
    vscode.commands.registerCommand(name, async (...args: A) => {
      try {
        return await fn(...args);
      } catch (err) {
        void ctx.showError(failure?.() ?? vscode.l10n.t('TableTalk: {0} failed', name.replace('tabletalk.', '')), err);
        return undefined;
      }
    }),
  );
}
