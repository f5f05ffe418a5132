import type { Core } from '../../shared/contract/core-api.js';
import type { Clock } from '../bits/clock.js';
import type { ProxyRouter } from '../bits/http/proxy-router.js';
import type { HttpTransport, TlsOptions } from '../bits/http/transport.js';

/** The only terminal sequences the CLI itself writes: redrawing the progress line in place. */
export type TerminalControl = '\r' | '\x1b[K';

/** Where text goes; a TTY gets the animated progress line, anything else plain log lines. */
export interface OutputStream {
  /** Plain text; main() escapes any control character in it except the line feed (safe-output.ts). */
  write(text: string): void;
  /** One of the CLI's own terminal sequences, passed through unescaped. */
  control?(sequence: TerminalControl): void;
  readonly isTTY?: boolean;
  /** Terminal width, when known. */
  readonly columns?: number;
}

export interface OpenCoreOptions {
  /** --data-dir as given; undefined lets the core fall back to BITS_UPLOADER_DATA_DIR and the OS default. */
  dataDir?: string;
  env: Record<string, string | undefined>;
  /** Open the folder without starting transfers (a `jobs` verb with no instance running). */
  holdTransfers?: boolean;
}

/**
 * Everything the CLI touches in the outside world, passed in so `main()` runs in tests with
 * fake streams, a fake clock and a fake Core (process-io.ts has the real one).
 */
export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  env: Record<string, string | undefined>;
  /** Relative paths on the command line are resolved against this. */
  cwd: string;
  stdinIsTTY: boolean;
  clock: Clock;
  /** Reads a line from the terminal without echoing it (only called when stdin is a TTY). */
  promptPassword(prompt: string): Promise<string>;
  /** Asks a yes/no question on the terminal (only called when stdin is a TTY); no means no. */
  confirm?(question: string): Promise<boolean>;
  /** Calls `handler` on every Ctrl-C / SIGTERM until the returned function is called. */
  onInterrupt(handler: () => void): () => void;
  /** Ends the process at once (the second Ctrl-C); tests record the call instead. */
  exitNow(code: number): void;
  openCore(options: OpenCoreOptions): Promise<Core>;
  createTransport(options: { ca?: string; proxy?: ProxyRouter; tls?: TlsOptions }): HttpTransport;
}
