// SecretStorage is the only place passwords and API keys live. Values handled here are remembered (in memory)
// so the logger can scrub them from anything it prints.
import * as vscode from 'vscode';

export class SecretStore {
  private readonly seen = new Set<string>();

  constructor(private readonly storage: vscode.SecretStorage) {}

  static datasourcePasswordKey(datasourceId: string): string {
    return `tabletalk.datasource.${datasourceId}.password`;
  }

  async get(key: string): Promise<string | undefined> {
    const value = await this.storage.get(key);
    if (value) this.seen.add(value);
    return value;
  }

  async store(key: string, value: string): Promise<void> {
    this.seen.add(value);
    await this.storage.store(key, value);
  }

  async delete(key: string): Promise<void> {
    await this.storage.delete(key);
  }

  getDatasourcePassword(id: string): Promise<string | undefined> {
    return this.get(SecretStore.datasourcePasswordKey(id));
  }

  setDatasourcePassword(id: string, password: string): Promise<void> {
    return this.store(SecretStore.datasourcePasswordKey(id), password);
  }

  deleteDatasourcePassword(id: string): Promise<void> {
    return this.delete(SecretStore.datasourcePasswordKey(id));
  }

  /** Every secret value seen in this session, for log redaction. */
  knownValues(): Iterable<string> {
    return this.seen;
  }
}
