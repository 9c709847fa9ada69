// Placeholder until the Mysql driver lands (same session): keeps connect()'s contract importable now.
import { DatasourceError, type ConnectionOptions } from './types';

export class MysqlDriver {
  constructor(_opts: ConnectionOptions) {
    throw new DatasourceError('The mysql driver is not available yet.');
  }
}
