import type { Capabilities, HostKind, PickFilesResult } from '../../shared/contract/host-api.js';
import type { ProxyRouter } from '../bits/http/proxy-router.js';
import type { HttpTransport, TlsOptions } from '../bits/http/transport.js';

/**
 * What a host adds to the core (the port every host supplies: Electron main and `serve`).
 * Channels that need these run through dispatchHost; everything else is the core's.
 */
export interface HostServices {
  readonly kind: HostKind;
  readonly version: string;
  readonly capabilities: Capabilities;
  /** Largest file a browser may stage (0: this host does not stage). */
  readonly maxStageBytes: number;
  /** Folders files:browse may list (absolute, real paths); empty: anywhere. */
  readonly allowedFolders: readonly string[];
  /** Opens a file the app wrote with the desktop's default application. */
  openPath(path: string): Promise<void>;
  /** Shows a file in the desktop's file manager. */
  revealPath(path: string): Promise<void>;
  /** The desktop's open dialog (files:pick); absent where there is no desktop (serve). */
  pickFiles?(kind: 'files' | 'folders'): Promise<PickFilesResult>;
  /** The environment a check reads HTTPS_PROXY / HTTP_PROXY / NO_PROXY from (process.env if absent). */
  readonly env?: Record<string, string | undefined>;
  /** HTTP for destinations:check: its TLS options, through the proxy jobs would take. */
  createTransport(options: { tls: TlsOptions; proxy: ProxyRouter }): HttpTransport;
}
