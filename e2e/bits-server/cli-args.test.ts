import { describe, expect, it } from 'vitest';
import { parseCliArgs } from './cli-args.js';

describe('parseCliArgs', () => {
  it('maps flags to server options', () => {
    const parsed = parseCliArgs([
      '--root',
      '/tmp/r',
      '--port',
      '8080',
      '--storage',
      'discard',
      '--max-fragment',
      '1048576',
    ]);
    expect(parsed).toEqual({
      ok: true,
      options: { root: '/tmp/r', port: 8080, storage: 'discard', maxFragmentBytes: 1048576 },
    });
  });

  it('reads TLS files, host id and overwrite policy', () => {
    const parsed = parseCliArgs([
      '--root',
      'r',
      '--tls-key',
      'k.pem',
      '--tls-cert',
      'c.pem',
      '--host-id',
      'node7',
      '--no-overwrite',
      '--duplicates-416',
      '--close-silently',
    ]);
    expect(parsed).toMatchObject({
      ok: true,
      options: { hostId: 'node7', allowOverwrites: false, duplicateStatus: 416, closeSilently: true },
      tlsFiles: { key: 'k.pem', cert: 'c.pem' },
    });
  });

  it('refuses missing roots, bad numbers, unknown flags and half a TLS pair', () => {
    for (const argv of [
      [],
      ['--root', 'r', '--port', '8o'],
      ['--root', 'r', '--nope'],
      ['--root', 'r', '--tls-key', 'k'],
      ['--root', 'r', '--storage', 'ram'],
    ]) {
      expect(parseCliArgs(argv).ok).toBe(false);
    }
  });
});
