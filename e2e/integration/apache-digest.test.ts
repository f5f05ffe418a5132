import { describe, expect, it } from 'vitest';
import { randomFile, serverFor, storedBytes, tempDir, uploadWithRetries } from './support.js';
import { APACHE_MISSING, startApacheDigest } from './support-apache.js';

describe.skipIf(APACHE_MISSING)(
  'Digest end to end: Apache mod_auth_digest in front of the reference server',
  () => {
    it('answers Apache’s Digest challenge (MD5) and every byte arrives through the reverse proxy', async () => {
      const server = await serverFor();
      const apache = await startApacheDigest({
        backend: server.origin,
        prefix: '/up/',
        realm: 'BITS uploads',
        account: { user: 'ann', password: 's3cret' },
      });
      const file = await randomFile(await tempDir(), 5 * 64 * 1024 + 99);
      const result = await uploadWithRetries({
        url: `${apache.origin}/up/apache.bin`,
        kind: 'upload',
        filePath: file.path,
        fragmentSize: 64 * 1024,
        auth: { headers: [], credentials: { user: 'ann', password: 's3cret' } },
        maxAttempts: 1,
      });
      expect(result.attempts).toBe(1);
      expect((await storedBytes(server, '/up/apache.bin')).equals(file.bytes)).toBe(true);
      // Apache writes each access log line after its answer has gone out: wait for the last one.
      await expect
        .poll(() => apache.access().filter((line) => line.endsWith(' ann')).length)
        .toBe(server.log.length);
      const log = apache.access();
      // One challenge, then every packet authenticated as ann (the fragments preemptively, nc counting).
      expect(log.filter((line) => / 401 /.test(line))).toHaveLength(1);
      const authed = log.filter((line) => line.endsWith(' ann'));
      expect(authed.filter((line) => line.startsWith('BITS_POST /up/apache.bin 200'))).toHaveLength(
        server.log.length,
      );
      expect(server.log.filter((entry) => entry.packetType === 'Fragment')).toHaveLength(6);
    });

    it('a wrong password ends with Apache’s 401, once, and nothing reaches the server', async () => {
      const server = await serverFor();
      const apache = await startApacheDigest({
        backend: server.origin,
        prefix: '/up/',
        realm: 'BITS uploads',
        account: { user: 'ann', password: 's3cret' },
      });
      const file = await randomFile(await tempDir(), 1000);
      const error = await uploadWithRetries({
        url: `${apache.origin}/up/x.bin`,
        kind: 'upload',
        filePath: file.path,
        auth: { headers: [], credentials: { user: 'ann', password: 'nope' } },
        maxAttempts: 1,
      }).catch((e: { httpStatus?: number; classification?: string }) => e);
      expect(error).toMatchObject({ httpStatus: 401, classification: 'fatal' });
      expect(server.log).toHaveLength(0);
      // Apache writes its access log line after the answer has gone out: wait for the second one.
      await expect.poll(() => apache.access().length).toBe(2);
    });
  },
);
