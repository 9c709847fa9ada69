// JSX types for the @vscode-elements web components the webviews use.
import type { JSX } from 'preact';

type El<Extra = object> = JSX.HTMLAttributes<HTMLElement> & Extra;

declare module 'preact' {
  namespace JSX {
    interface IntrinsicElements {
      'vscode-button': El<{ secondary?: boolean; disabled?: boolean; icon?: string; 'icon-only'?: boolean }>;
      'vscode-textfield': El<{ value?: string; placeholder?: string; type?: string; disabled?: boolean; min?: string; max?: string; step?: string }>;
      'vscode-single-select': El<{ value?: string; disabled?: boolean }>;
      'vscode-option': El<{ value?: string; selected?: boolean; description?: string }>;
      'vscode-badge': El<{ variant?: 'default' | 'counter' | 'activity-bar-counter' | 'tab-header-counter' }>;
      'vscode-progress-ring': El;
      'vscode-divider': El;
    }
  }
}
