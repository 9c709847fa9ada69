// Saves a PNG/SVG made by the canvas webview: the user picks where (a save dialog), the host writes it.
import * as vscode from 'vscode';
import { datasetRefFolder } from '../datasets/service';


/** Decodes `data:image/png;base64,...` or `data:image/svg+xml;charset=utf-8,...`. */
export function decodeDataUrl(dataUrl: string): Uint8Array {
  const comma = dataUrl.indexOf(',');
  if (comma < 0) throw new Error('the image is not a data URL');
  const head = dataUrl.slice(0, comma);
  const body = dataUrl.slice(comma + 1);
  return head.endsWith(';base64') ? Buffer.from(body, 'base64') : Buffer.from(decodeURIComponent(body), 'utf8');
}

/** Returns the saved path, or null when the user cancelled the dialog. */
export async function saveImage(dataset: string, image: { format: 'png' | 'svg'; dataUrl: string }): Promise<string | null> {
  // The dialog opens in the dataset's own folder (multi-root), named after the dataset.
  const { folder: own, name } = datasetRefFolder(dataset);
  const folder = own?.uri;
  const fileName = `${name.replace(/[\\/:*?"<>|]/g, '_')}-model.${image.format}`;
  const target = await vscode.window.showSaveDialog({
    title: vscode.l10n.t('Export the model as {0}', image.format.toUpperCase()),
    defaultUri: folder ? vscode.Uri.joinPath(folder, fileName) : undefined,
    filters: image.format === 'png' ? { [vscode.l10n.t('PNG image')]: ['png'] } : { [vscode.l10n.t('SVG image')]: ['svg'] },
  });
  if (!target) return null;
  await vscode.workspace.fs.writeFile(target, decodeDataUrl(image.dataUrl));
  return target.fsPath;
}
