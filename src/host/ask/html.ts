// The Ask panel page. Pure (no vscode import) so the webview tests load the very page VS Code shows, CSP included.
// Same shape as the canvas page (src/host/canvas/html.ts): scripts only with the nonce, styles from the bundle.

export interface AskPageOptions {
  /** URIs of the bundle and its stylesheet, as the webview can load them (asWebviewUri). */
  scriptUri: string;
  styleUri: string;
  /** webview.cspSource: the origin webview resources are served from. */
  cspSource: string;
  /** Fresh per page load. */
  nonce: string;
  title: string;
  /** VS Code's display language (vscode.env.language): the webview picks its strings from it. Default 'en'. */
  lang?: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function askHtml(o: AskPageOptions): string {
  const csp = [
    "default-src 'none'",
    `img-src ${o.cspSource} data:`,
    `style-src ${o.cspSource} 'nonce-${o.nonce}'`,
    `font-src ${o.cspSource}`,
    `script-src 'nonce-${o.nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${escapeHtml(o.lang ?? 'en')}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" nonce="${o.nonce}" href="${escapeHtml(o.styleUri)}">
<title>${escapeHtml(o.title)}</title>
</head>
<body>
<div id="root"></div>
<script type="module" nonce="${o.nonce}" src="${escapeHtml(o.scriptUri)}"></script>
</body>
</html>`;
}

/** 32 characters of [A-Za-z0-9] from a CSPRNG. */
export function makeNonce(randomBytes: (n: number) => Uint8Array): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(32), (b) => chars[b % chars.length]).join('');
}
