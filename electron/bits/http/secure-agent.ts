import https from 'node:https';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { secureDial } from './tls-dial.js';
import type { TlsOptions } from './transport.js';

type Callback = (error: Error | null, socket?: Duplex) => void;

/** The agent options that carry TLS settings into every connection (https.Agent passes them on). */
export function tlsAgentOptions(options: TlsOptions | undefined): https.AgentOptions {
  const result: https.AgentOptions = {};
  if (options?.ca) result.ca = [...tls.rootCertificates, options.ca];
  if (options?.pfx) result.pfx = options.pfx;
  if (options?.cert) result.cert = options.cert;
  if (options?.key) result.key = options.key;
  if (options?.passphrase !== undefined) result.passphrase = options.passphrase;
  return result;
}

/**
 * https.Agent whose connections go through secureDial: certificate failures explained, pins
 * honoured. Overriding createConnection also turns off TLS session reuse, so every connection
 * shows its certificate and is judged afresh.
 */
export class SecureAgent extends https.Agent {
  constructor(
    options: https.AgentOptions,
    private readonly tlsOptions: TlsOptions | undefined,
    /** Where the raw connection comes from (a proxy tunnel); absent: TCP to the server. */
    private readonly underlying?: (target: { host: string; port: number }) => Promise<Duplex>,
  ) {
    super(options);
  }

  override createConnection(
    options: tls.ConnectionOptions & { host?: string; port?: number },
    callback: Callback,
  ): undefined {
    const host = options.host ?? 'localhost';
    const port = Number(options.port ?? 443);
    const trust = {
      pins: this.tlsOptions?.pins,
      clientCert: Boolean(this.tlsOptions?.pfx || this.tlsOptions?.cert),
    };
    const dial = async () => {
      const socket = this.underlying ? await this.underlying({ host, port }) : undefined;
      return secureDial(socket ? { ...options, socket } : options, trust);
    };
    dial().then(
      (socket) => callback(null, socket),
      (error: Error) => callback(error),
    );
    return undefined;
  }
}
