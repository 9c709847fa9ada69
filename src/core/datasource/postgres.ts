// Placeholder until the Postgres driver lands (same session): keeps connect()'s contract importable now.
import { DatasourceError, type ConnectionOptions } from './types';

export class PostgresDriver {
  constructor(_opts: ConnectionOptions) {
    throw new DatasourceError('The postgres driver is not available yet.');
  }
}
