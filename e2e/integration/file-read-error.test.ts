import { existsSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BitsError } from '../../electron/bits/errors.js';
import { type FileSource, localFile } from '../../electron/bits/file-source.js';
import { createNodeTransport } from '../../electron/bits/http/node-transport.js';
import { runUploadSession } from '../../electron/bits/upload-session.js';
import { HRESULT } from '../../shared/bits-codes.js';
import { randomFile, serverFor, tempDir } from './support.js';

/**
 * §6.8 / §13 item 17: the local file changing during the upload is a fatal local-file error,
 * also when it changes while a fragment is being read (after the pre-fragment check): the user
 * is told the file changed (not that the network failed), and no mixed content is committed.
 */
describe('a local read failure during a fragment is a local-file error, not a network error', () => {
  it('classifies a file truncated mid-fragment as BG_E_LOCAL_FILE_CHANGED (local-file, fatal)', async () => {
    const server = await serverFor();
    const dir = await tempDir();
    const file = await randomFile(dir, 3 * 1024 * 1024);
    const real = localFile(file.path);
    let truncated = false;
    const source: FileSource = {
      path: real.path,
      identify: () => real.identify(),
      close: () => real.close!(),
      body(offset, length) {
        // Another program rewrites the file right after the pre-fragment check.
        if (!truncated) {
          truncated = true;
          truncateSync(file.path, 1024 * 1024 + 10);
        }
        return real.body(offset, length);
      },
    };
    const transport = createNodeTransport();
    let error: unknown;
    try {
      await runUploadSession({
        url: server.url('/up/t.bin'),
        kind: 'upload',
        file: source,
        transport,
        fragmentSize: 3 * 1024 * 1024,
      });
    } catch (failure) {
      error = failure;
    } finally {
      transport.close();
    }
    expect(error).toBeInstanceOf(BitsError);
    const bitsError = error as BitsError;
    expect(bitsError.message).not.toMatch(/connection/i);
    expect(bitsError.phase).toBe('local-file');
    expect(bitsError.code).toBe(HRESULT.BG_E_LOCAL_FILE_CHANGED);
    expect(bitsError.classification).toBe('fatal');
  });

  it('never lets a same-size rewrite during the final fragment reach the server as mixed content', async () => {
    const server = await serverFor();
    const dir = await tempDir();
    // Three of the source's 4 MiB chunks in one fragment: the rewrite lands between chunks.
    const file = await randomFile(dir, 12 * 1024 * 1024);
    const real = localFile(file.path);
    const source: FileSource = {
      path: real.path,
      identify: () => real.identify(),
      close: () => real.close!(),
      body(offset, length, expected) {
        const inner = real.body(offset, length, expected);
        return {
          length,
          async *chunks() {
            let first = true;
            for await (const chunk of inner.chunks()) {
              yield chunk;
              if (first) {
                first = false;
                // Same size, new bytes and a new timestamp, half-way through the only fragment.
                writeFileSync(file.path, Buffer.alloc(file.bytes.length, 9));
                utimesSync(file.path, new Date(), new Date(Date.now() + 10_000));
              }
            }
          },
        };
      },
    };
    const transport = createNodeTransport();
    const error = await runUploadSession({
      url: server.url('/up/mixed.bin'),
      kind: 'upload',
      file: source,
      transport,
      fragmentSize: 12 * 1024 * 1024,
    })
      .catch((failure) => failure)
      .finally(() => transport.close());
    expect(error).toBeInstanceOf(BitsError);
    expect((error as BitsError).code).toBe(HRESULT.BG_E_LOCAL_FILE_CHANGED);
    expect(existsSync(server.filePath('/up/mixed.bin'))).toBe(false);
  });
});
