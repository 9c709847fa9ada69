import { TableTalkError } from '../errors';
import { l10n } from '../messages';
import { type Text } from '../messages';
/** Why a run did not complete. `hint` says what to do; the previous model is always left answering. */
export class TrainingError extends TableTalkError {
  constructor(message: Text, readonly status: 'failed' | 'cancelled', hint?: Text, options?: { cause?: unknown }) {
    super(`training-${status}`, message, { hint, cause: options?.cause });
  }
}

/** A second train of a dataset that is training. */
export class TrainingInProgressError extends TableTalkError {
  declare readonly hint: string;
  constructor(datasetName: string, where: Text) {
    super('training-in-progress', l10n.t('Dataset "{0}" is already training ({1})', datasetName, where), { hint: l10n.t('Wait for the running training to finish or cancel it, then train again.') });
  }
}
