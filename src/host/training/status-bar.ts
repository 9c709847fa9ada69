// A status bar item while trainings run in this window: "Training Chinook 42%", the step in its tooltip. A click
// opens the progress notification, which has Cancel. Hidden when nothing trains.
import * as vscode from 'vscode';
import { progressText } from './notification';
import type { TrainingRuns } from './runs';

export function trainingStatusBar(runs: TrainingRuns): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('tabletalk.training', vscode.StatusBarAlignment.Left, 50);
  item.name = vscode.l10n.t('TableTalk Training');
  item.command = 'tabletalk.showTrainingProgress';
  const update = () => {
    const list = runs.list().filter((r) => !r.outcome);
    if (!list.length) {
      item.hide();
      return;
    }
    const percent = Math.round(list.reduce((s, r) => s + r.progress.percent, 0) / list.length);
    item.text = list.length === 1 ? vscode.l10n.t('$(sync~spin) Training {0} {1}%', list[0].datasetName, percent) : vscode.l10n.t('$(sync~spin) Training {0} datasets {1}%', list.length, percent);
    const tip = new vscode.MarkdownString();
    for (const r of list) tip.appendMarkdown(`**${r.datasetName.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&')}**: `).appendText(`${progressText(r.progress)}\n\n`);
    tip.appendText(vscode.l10n.t('Click to show the progress (with Cancel).'));
    item.tooltip = tip;
    item.accessibilityInformation = { label: vscode.l10n.t('Training {0}: {1}% done', list.map((r) => r.datasetName).join(', '), percent) };
    item.show();
  };
  update();
  const sub = runs.onDidChange(update);
  return new vscode.Disposable(() => {
    sub.dispose();
    item.dispose();
  });
}
