// The progress notification of a training: percentage bar, "42% · train DDL: 12 of 40 items", and a Cancel button
// that aborts the run. "Show Training Progress" opens a fresh one for a run whose notification was hidden; a run
// has at most one notification at a time (the older one closes).
import * as vscode from 'vscode';
import type { TrainingProgress, TrainingStep } from '../../core/training/progress';
import type { TrainingRun } from './runs';
import { stepText } from '../../core/training/progress';
import { renderMessage, type Message } from '../../core/messages';

const render = (m: Message) => renderMessage(m, (f) => vscode.l10n.t(f.message, ...f.args));

/** A training step in the display language (core names the steps in English for the CLI). */
export function stepLabel(step: TrainingStep | string): string {
  return step in STEP_NAMES ? render(stepText(step as TrainingStep)) : step;
}
const STEP_NAMES: Record<TrainingStep, true> = { prepare: true, 'extract DDL': true, 'train DDL': true, 'train documentation': true, 'generate examples': true, 'train examples': true, activate: true };

/** The line shown under the notification title and in the Datasets view tooltip. */
export function progressText(p: TrainingProgress): string {
  return `${Math.round(p.percent)}% · ${stepLabel(p.step)}: ${render(p.message)}`;
}

export class ProgressNotifications implements vscode.Disposable {
  private readonly open = new Map<TrainingRun, () => void>();

  /** Opens the notification for a running training (closing an earlier one of the same run). */
  show(run: TrainingRun): void {
    this.open.get(run)?.();
    if (run.outcome) return;
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Training "{0}"', run.datasetName), cancellable: true },
      (progress, token) =>
        new Promise<void>((resolve) => {
          let shown = 0;
          const report = (p: TrainingProgress) => {
            const percent = Math.round(p.percent);
            progress.report({ increment: Math.max(0, percent - shown), message: run.cancelled ? vscode.l10n.t('{0}% · cancelling…', percent) : progressText(p) });
            shown = Math.max(shown, percent);
          };
          report(run.progress);
          const subscriptions = [
            run.onProgress(report),
            token.onCancellationRequested(() => {
              run.cancel();
              report(run.progress);
            }),
          ];
          const close = () => {
            subscriptions.forEach((s) => s.dispose());
            if (this.open.get(run) === close) this.open.delete(run);
            resolve();
          };
          this.open.set(run, close);
          void run.done.then(close);
        }),
    );
  }

  /** Whether the run has a notification open now. */
  isOpen(run: TrainingRun): boolean {
    return this.open.has(run);
  }

  dispose(): void {
    for (const close of [...this.open.values()]) close();
  }
}
