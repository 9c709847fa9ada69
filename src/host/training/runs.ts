// The trainings running in this window, by dataset collection prefix (stable across renames): their
// progress, their cancel switch and the promise of their outcome. One run per dataset at a time.
import * as vscode from 'vscode';
import { startingProgress, type TrainingProgress } from '../../core/training/progress';
import type { Counts, Collections } from '../../core/training/pipeline';

export type TrainOutcome =
  | { status: 'completed'; dataset: string; counts: Counts; collections: Collections; ms: number; embeddingCalls: number; dropped: number; refused: number }
  | { status: 'cancelled'; dataset: string; message: string }
  | { status: 'failed'; dataset: string; message: string }
  | { status: 'refused'; dataset: string; message: string };

export class TrainingRun {
  readonly controller = new AbortController();
  readonly startedAt = Date.now();
  progress: TrainingProgress = startingProgress();
  private readonly progressed = new vscode.EventEmitter<TrainingProgress>();
  readonly onProgress = this.progressed.event;
  private finish!: (outcome: TrainOutcome) => void;
  /** Settles when the run ends, whatever the outcome. */
  readonly done = new Promise<TrainOutcome>((resolve) => (this.finish = resolve));
  /** Set once the run ended. */
  outcome: TrainOutcome | undefined;

  constructor(readonly collection: string, public datasetName: string, private readonly ended: (run: TrainingRun) => void) {}

  get cancelled(): boolean {
    return this.controller.signal.aborted;
  }

  report(p: TrainingProgress): void {
    this.progress = p;
    this.progressed.fire(p);
  }

  cancel(): void {
    if (!this.controller.signal.aborted) this.controller.abort(new DOMException(vscode.l10n.t('Training was cancelled'), 'AbortError'));
  }

  end(outcome: TrainOutcome): void {
    if (this.outcome) return;
    this.outcome = outcome;
    this.ended(this);
    this.finish(outcome);
    this.progressed.dispose();
  }
}

export class TrainingRuns implements vscode.Disposable {
  private readonly runs = new Map<string, TrainingRun>();
  private readonly changed = new vscode.EventEmitter<TrainingRun>();
  /** A run started, reported progress or ended. */
  readonly onDidChange = this.changed.event;

  get(collection: string): TrainingRun | undefined {
    return this.runs.get(collection);
  }

  list(): TrainingRun[] {
    return [...this.runs.values()];
  }

  /** Registers a new run; throws if the dataset already has one here. */
  start(collection: string, datasetName: string): TrainingRun {
    if (this.runs.has(collection)) throw new Error(vscode.l10n.t('Dataset "{0}" is already training', datasetName));
    const run = new TrainingRun(collection, datasetName, () => {
      if (this.runs.get(collection) === run) this.runs.delete(collection);
      this.changed.fire(run);
    });
    this.runs.set(collection, run);
    run.onProgress(() => this.changed.fire(run));
    this.changed.fire(run);
    return run;
  }

  dispose(): void {
    // A window closing mid-training: stop the runs so they end cancelled rather than being cut off.
    for (const run of this.runs.values()) run.cancel();
    this.changed.dispose();
  }
}
