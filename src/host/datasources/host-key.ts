// Trust on first use of an SSH server's host key: the fingerprint is shown in a modal dialog and, once accepted,
// stored with the datasource (ssh.hostKey), so a server that later presents another key is refused.
import * as vscode from 'vscode';
import type { UnknownHostKey } from '../../core/datasource/types';

/** Asks whether to trust the key; true when the user chose to. */
export async function askToTrustHostKey(datasourceName: string, key: UnknownHostKey): Promise<boolean> {
  const trust = vscode.l10n.t('Trust and Connect');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('Trust the SSH server {0} for "{1}"?', `${key.host}:${key.port}`, datasourceName),
    {
      modal: true,
      detail: vscode.l10n.t(
        'It is not in ~/.ssh/known_hosts. Its {0} host key fingerprint is\n{1}\nCompare it with the one the server\'s administrator gives you (ssh-keygen -lf /etc/ssh/ssh_host_{2}_key.pub on the server). TableTalk remembers it for this datasource and refuses the server if the key ever changes.',
        key.type,
        key.fingerprint,
        // OpenSSH's file name for the key type: ssh-ed25519 -> ed25519, ecdsa-sha2-nistp256 -> ecdsa.
        key.type.replace(/^ssh-/, '').replace(/^ecdsa-.*/, 'ecdsa'),
      ),
    },
    trust,
  );
  return answer === trust;
}
