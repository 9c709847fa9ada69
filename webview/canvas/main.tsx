// Entry of the modeling canvas webview (bundled to dist/webview/canvas.js + canvas.css).
import { render } from 'preact';
import { ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import './canvas.css';
import { App } from './App';

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from the canvas page');
render(
  <ReactFlowProvider>
    <App />
  </ReactFlowProvider>,
  root,
);
