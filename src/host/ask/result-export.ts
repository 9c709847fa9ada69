// Saves what the Ask panel exports (a result file, a chart image): the user picks where in a save dialog, the
// host writes it. A write that fails (read-only folder, full disk) says which file and why; the result stays in
// the panel, so nothing is lost and the user can pick another place.
import * as vscode from 'vscode';
import type { ExportFormat } from '../../protocol/ask';
import { decodeDataUrl } from '../canvas/export';
import { datasetRefFolder } from '../datasets/service';
import type { ExportedFile } from './result-files';

const safeName = (s: string) => s.replace(/[\\/:*?"<>|]/g, '_');

function filters(format: ExportFormat | 'png' | 'svg'): Record<string, string[]> {
  switch (format) {
    case 'csv':
      return { [vscode.l10n.t('CSV (UTF-8)')]: ['csv'] };
    case 'csvExcel':
      return { [vscode.l10n.t('CSV for Excel (UTF-8 with BOM)')]: ['csv'] };
    case 'json':
      return { JSON: ['json'] };
    case 'xml':
      return { [vscode.l10n.t('Excel 2003 XML workbook')]: ['xml'] };
    case 'png':
      return { [vscode.l10n.t('PNG image')]: ['png'] };
    default:
      return { [vscode.l10n.t('SVG image')]: ['svg'] };
  }
}

/** The save dialog opens in the folder of the dataset in use (its own folder in a multi-root workspace). */
async function pickTarget(dataset: string, suffix: string, format: ExportFormat | 'png' | 'svg', title: string): Promise<vscode.Uri | undefined> {
  const { folder, name } = datasetRefFolder(dataset);
  const fileName = `${safeName(name)}-${suffix}`;
  return vscode.window.showSaveDialog({ title, defaultUri: folder ? vscode.Uri.joinPath(folder.uri, fileName) : undefined, filters: filters(format) });
}

async function write(target: vscode.Uri, bytes: Uint8Array): Promise<void> {
  try {
    await vscode.workspace.fs.writeFile(target, bytes);
  } catch (err) {
    const why = (err as { code?: string; message?: string }).code ?? (err as Error).message ?? String(err);
    throw new Error(vscode.l10n.t('Could not write {0} ({1}). The result is still here: export it to another folder.', target.fsPath, why), { cause: err });
  }
}

export async function writeResultFile(dataset: string, format: ExportFormat, file: ExportedFile, target?: vscode.Uri): Promise<{ path: string | null; rows: number }> {
  const to = target ?? (await pickTarget(dataset, `result.${file.extension}`, format, vscode.l10n.t('Export the result')));
  if (!to) return { path: null, rows: 0 };
  await write(to, file.bytes);
  return { path: to.fsPath, rows: file.rows };
}

export async function saveChartImage(dataset: string, image: { format: 'png' | 'svg'; dataUrl: string }): Promise<string | null> {
  const to = await pickTarget(dataset, `chart.${image.format}`, image.format, vscode.l10n.t('Export the chart as {0}', image.format.toUpperCase()));
  if (!to) return null;
  await write(to, decodeDataUrl(image.dataUrl));
  return to.fsPath;
}
