import { l10n } from '../messages';
import { english, type Message } from '../messages';

/** Steps of a training run, in order; the names appear in progress lines and the Datasets view. */
export type TrainingStep = 'prepare' | 'extract DDL' | 'train DDL' | 'train documentation' | 'generate examples' | 'train examples' | 'activate';

export interface TrainingProgress {
  /** 0–100, never decreasing within a run. */
  percent: number;
  step: TrainingStep;
  /** What the step is doing, as data: the host renders it in VS Code's language, the CLI in --lang's. */
  message: Message;
}

/** Percent range each step covers. */
export const STEP_RANGES: Record<TrainingStep, [number, number]> = {
  prepare: [0, 5],
  'extract DDL': [5, 10],
  'train DDL': [10, 30],
  'train documentation': [30, 45],
  'generate examples': [45, 80],
  'train examples': [80, 96],
  activate: [96, 100],
};

/** A step's name as a Message (its English text is the step's id). */
export function stepText(step: TrainingStep): Message {
  switch (step) {
    case 'prepare': return l10n.t('prepare');
    case 'extract DDL': return l10n.t('extract DDL');
    case 'train DDL': return l10n.t('train DDL');
    case 'train documentation': return l10n.t('train documentation');
    case 'generate examples': return l10n.t('generate examples');
    case 'train examples': return l10n.t('train examples');
    case 'activate': return l10n.t('activate');
  }
}

/** The progress a run reports before its first step has. */
export function startingProgress(): TrainingProgress {
  return { percent: 0, step: 'prepare', message: l10n.t('starting') };
}

/** The progress a host reports while it connects to the datasource and the vector store, before core runs. */
export function connectingProgress(): TrainingProgress {
  return { percent: 0, step: 'prepare', message: l10n.t('connecting to the datasource and the vector store') };
}

/** "[ 42%] train DDL: 12 of 40 items" — the CLI's progress line, rendered by `render` (English by default). */
export function formatProgress(p: TrainingProgress, render: (m: Message) => string = english): string {
  return `[${String(Math.round(p.percent)).padStart(3)}%] ${render(stepText(p.step))}: ${render(p.message)}`;
}
