// Entry of the Ask panel webview (bundled to dist/webview/ask.js + ask.css).
import { render } from 'preact';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import './ask.css';
import { App } from './App';

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from the Ask page');
render(<App />, root);
