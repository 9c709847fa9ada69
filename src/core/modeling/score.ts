// Combines independent signals in log-odds: a prior from the names, then adjustments from the types, the
// target key and the data. Each adjustment comes with the sentence that explains it.

export const logit = (p: number) => Math.log(p / (1 - p));
export const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

export interface Signal {
  /** Log-odds added to the prior. */
  weight: number;
  evidence: string;
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
  if (sampled === 0) return { weight: -0.3, evidence: 'no non-null values to check in the data' };
  const share = found / sampled;
  const pct = `${Math.round(share * 1000) / 10}%`;
  const of = `${found} of ${sampled}${complete ? '' : ' sampled'} distinct values`;
  const strength = Math.min(3, 0.3 + 0.8 * Math.log(1 + sampled));
  if (share === 1) return { weight: strength, evidence: `data: all ${of.replace(`${found} of `, '')} found in the target (${pct})` };
  if (share >= 0.95) return { weight: strength * 0.6, evidence: `data: ${of} found in the target (${pct}); the rest are orphans` };
  if (share >= 0.5) return { weight: -1, evidence: `data: only ${of} found in the target (${pct})` };
  return { weight: -3.5, evidence: `data: only ${of} found in the target (${pct}): unlikely to be a reference` };
}
