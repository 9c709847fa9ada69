// Types for sshd.mjs: a real OpenSSH server on loopback for SSH tunnel tests.
export interface StartedSshd {
  skip?: undefined;
  port: number;
  /** The user sshd lets in (the user running the tests). */
  user: string;
  dir: string;
  /** Authorized private key files: without passphrase, protected by `passphrase`, and RSA. */
  key: string;
  encryptedKey: string;
  passphrase: string;
  rsaKey: string;
  /** A valid private key the server does not accept. */
  otherKey: string;
  /** SHA256:… of the current host key. */
  readonly hostFingerprint: string;
  /** "type base64" of the current host key, for a known_hosts line. */
  readonly hostPublicKey: string;
  log(): string;
  /** Kills the open sessions (as a network drop would); returns how many. */
  dropSessions(): number;
  rotateHostKey(): Promise<void>;
  stop(): Promise<void>;
}
export function startSshd(): Promise<StartedSshd | { skip: string }>;
