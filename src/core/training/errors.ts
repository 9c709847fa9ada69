/** Why a run did not complete. `hint` says what to do; the previous model is always left answering. */
export class TrainingError extends Error {
  constructor(message: string, readonly status: 'failed' | 'cancelled', readonly hint?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TrainingError';
  }
}

/** A second train of a dataset that is training. */
export class TrainingInProgressError extends Error {
  readonly hint = 'Wait for the running training to finish or cancel it, then train again.';
  constructor(datasetName: string, where: string) {
    super(`Dataset "${datasetName}" is already training (${where})`);
    this.name = 'TrainingInProgressError';
  }
}
