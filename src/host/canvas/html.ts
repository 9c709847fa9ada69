// The canvas page: the shared webview page (src/host/webview-page.ts), plus blob: images for PNG/SVG export.
import { webviewHtml, type WebviewPageOptions } from '../webview-page';

export { makeNonce } from '../webview-page';
export type CanvasPageOptions = Omit<WebviewPageOptions, 'extraImageSources'>;

export const canvasHtml = (o: CanvasPageOptions): string => webviewHtml({ ...o, extraImageSources: ['blob:'] });
