// Combines independent signals in log-odds: a prior from the names, then adjustments from the types, the
// target key and the data. Each adjustment comes with the evidence item that explains it.
import type { EvidenceItem } from '../dataset/types';
import { evidence as item } from './evidence';

export const logit = (p: number) => Math.log(p / (1 - p));
export const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

export interface Signal {
  /** Log-odds added to the prior. */
  weight: number;
  evidence: EvidenceItem;
}

/** Inferred relationships never reach 1: that is reserved for declared and user-drawn ones. */
export function combine(prior: number, signals: Signal[]): number {
  const x = logit(Math.min(0.99, Math.max(0.01, prior))) + signals.reduce((s, x) => s + x.weight, 0);
  return Math.round(Math.min(0.99, Math.max(0.01, sigmoid(x))) * 100) / 100;
}

/**
 * What the share of sampled source values found in the target says. Full containment of few values proves
 * little (small integers are in every id range), so its weight grows with the number of values checked.
 */
export function containmentSignal(found: number, sampled: number, complete: boolean): Signal {
  if (sampled === 0) return { weight: -0.3, evidence: item('no-values') };
  const share = found / sampled;
  const f = { found, count: sampled, percent: Math.round(share * 1000) / 10 };
  const strength = Math.min(3, 0.3 + 0.8 * Math.log(1 + sampled));
  if (share === 1) return { weight: strength, evidence: item(complete ? 'data-all' : 'data-all-sampled', { count: sampled, percent: f.percent }) };
  if (share >= 0.95) return { weight: strength * 0.6, evidence: item(complete ? 'data-most' : 'data-most-sampled', f) };
  if (share >= 0.5) return { weight: -1, evidence: item(complete ? 'data-some' : 'data-some-sampled', f) };
  return { weight: -3.5, evidence: item(complete ? 'data-few' : 'data-few-sampled', f) };
}
