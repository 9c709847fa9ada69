// PNG/SVG of what the canvas shows, made in the webview (html-to-image); the host saves it through a dialog.
import { toPng, toSvg } from 'html-to-image';

const LEFT_OUT = ['react-flow__minimap', 'react-flow__controls', 'react-flow__panel', 'react-flow__attribution', 'tt-edge-actions'];

export async function captureImage(flow: HTMLElement, format: 'png' | 'svg'): Promise<string> {
  const background = getComputedStyle(document.body).getPropertyValue('--vscode-editor-background').trim() || getComputedStyle(document.body).backgroundColor || '#ffffff';
  const options = {
    backgroundColor: background,
    // Web fonts live on another origin inside VS Code; the system font renders the same labels.
    skipFonts: true,
    filter: (node: HTMLElement) => !(node.classList && LEFT_OUT.some((c) => node.classList.contains(c))),
  };
  return format === 'png' ? toPng(flow, { ...options, pixelRatio: 2 }) : toSvg(flow, options);
}
