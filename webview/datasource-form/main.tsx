// Entry of the Add/Edit Datasource form webview (bundled to dist/webview/datasource-form.js + .css).
import { render } from 'preact';
import './form.css';
import { App } from './App';

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from the Datasource form page');
render(<App />, root);
