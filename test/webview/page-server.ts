// Serves a webview's real page (the same HTML and CSP VS Code shows) and the built bundles under dist/webview to
// headless Chromium, as the fake hosts of the canvas and Ask tests need.
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, resolve, extname } from 'node:path';

// __filename, not __dirname: tsx defines only the former when an .mjs script (the benchmark) imports this file.
export const root = resolve(dirname(__filename), '../..');
export const CHROMIUM = '/usr/bin/chromium';
export const chromiumMissing = existsSync(CHROMIUM) ? undefined : `${CHROMIUM} not found (apt-get install chromium)`;
export const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export const bundleMissing = (app: string): string | undefined =>
  existsSync(join(root, `dist/webview/${app}.js`)) ? undefined : `dist/webview/${app}.js not built (node esbuild.mjs)`;

const types: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };

/** Serves `/<app>.html` from `page(origin)` and files under dist/webview; anything else is a 404. */
export function servePage(app: string, page: (origin: string) => string): Promise<{ server: Server; origin: string }> {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === `/${app}.html`) {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(page(`http://${req.headers.host}`));
      return;
    }
    const file = resolve(root, `.${url.pathname}`);
    if (!file.startsWith(join(root, 'dist/webview'))) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => {
    const a = server.address();
    r({ server, origin: `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}` });
  }));
}
