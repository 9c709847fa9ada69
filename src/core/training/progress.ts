/** Steps of a training run, in order; the names appear in progress lines and the Datasets view. */
export type TrainingStep = 'prepare' | 'extract DDL' | 'train DDL' | 'train documentation' | 'generate examples' | 'train examples' | 'activate';

export interface TrainingProgress {
  /** 0–100, never decreasing within a run. */
  percent: number;
  step: TrainingStep;
  message: string;
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

/** "[ 42%] train DDL: 12 of 40 items" — the CLI's progress line. */
export function formatProgress(p: TrainingProgress): string {
  return `[${String(Math.round(p.percent)).padStart(3)}%] ${p.step}: ${p.message}`;
}
