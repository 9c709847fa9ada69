// The page every TableTalk webview loads. Pure (no vscode import) so the webview tests serve the very page
// VS Code shows, CSP included: scripts run only with the nonce; styles come from the bundle's stylesheet
// (components set theirs through constructable stylesheets, which CSP does not restrict).

export interface WebviewPageOptions {
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
  /** Extra image sources beyond the webview's own origin and data: URLs (e.g. 'blob:' for image export). */
  extraImageSources?: string[];
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function webviewHtml(o: WebviewPageOptions): string {
  const csp = [
    "default-src 'none'",
    ['img-src', o.cspSource, 'data:', ...(o.extraImageSources ?? [])].join(' '),
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
