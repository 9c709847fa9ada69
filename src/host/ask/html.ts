// The Ask panel page: the shared webview page (src/host/webview-page.ts).
import { webviewHtml, type WebviewPageOptions } from '../webview-page';

export { makeNonce } from '../webview-page';
export type AskPageOptions = Omit<WebviewPageOptions, 'extraImageSources'>;

export const askHtml = (o: AskPageOptions): string => webviewHtml(o);
