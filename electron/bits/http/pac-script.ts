import { readFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import { fileURLToPath } from 'node:url';

/** A PAC file larger than this is not a PAC file (real ones are a few KiB). */
export const MAX_PAC_BYTES = 1024 * 1024;
const FETCH_TIMEOUT_MS = 15_000;

/** The PAC file could not be had, or it is not a usable script; the message names it. */
export class PacError extends Error {
  constructor(
    readonly location: string,
    message: string,
    /** 'unavailable': it could not be read or fetched (may come back); 'broken': its script is wrong. */
    readonly reason: 'unavailable' | 'broken' = 'unavailable',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PacError';
  }
}

/** Where a PAC file is: an http(s) or file: URL, or a local path. */
export function pacLocation(source: string): { kind: 'url'; url: URL } | { kind: 'file'; path: string } {
  const text = source.trim();
  if (/^https?:\/\//i.test(text)) {
    try {
      return { kind: 'url', url: new URL(text) };
    } catch (error) {
      throw new PacError(text, `The PAC address ${text} is not a valid URL.`, 'broken', { cause: error });
    }
  }
  if (/^file:/i.test(text)) return { kind: 'file', path: fileURLToPath(text) };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    throw new PacError(text, `The PAC address ${text} must be an http(s) URL or a file path.`, 'broken');
  }
  return { kind: 'file', path: text };
}

/** The text of a PAC file. PAC files are fetched directly: a proxy cannot be needed to find the proxy. */
export async function readPacScript(source: string): Promise<string> {
  const where = pacLocation(source);
  if (where.kind === 'file') {
    let bytes: Buffer;
    try {
      bytes = await readFile(where.path);
    } catch (error) {
      throw new PacError(
        source,
        `The PAC file ${source} cannot be read (${(error as Error).message}).`,
        'unavailable',
        { cause: error },
      );
    }
    if (bytes.length > MAX_PAC_BYTES)
      throw new PacError(source, `The PAC file ${source} is larger than 1 MiB.`, 'broken');
    return bytes.toString('utf8');
  }
  return fetchPac(where.url, source);
}

function fetchPac(url: URL, source: string): Promise<string> {
  const module = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const fail = (why: string, cause?: unknown) =>
      reject(
        new PacError(source, `The PAC file ${source} could not be fetched (${why}).`, 'unavailable', {
          cause,
        }),
      );
    const req = module.get(url, { agent: false, timeout: FETCH_TIMEOUT_MS }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        fail(`HTTP ${res.statusCode} ${res.statusMessage ?? ''}`.trim());
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_PAC_BYTES) {
          req.destroy();
          fail('larger than 1 MiB');
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      res.on('error', (error) => fail(error.message, error));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer in ${FETCH_TIMEOUT_MS / 1000} s`)));
    req.on('error', (error: NodeJS.ErrnoException) => fail(error.code ?? error.message, error));
  });
}
