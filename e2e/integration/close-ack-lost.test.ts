import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packetLog, randomFile, serverFor, storedBytes, tempDir, uploadWithRetries } from './support.js';

/**
 * §10.3 / §13 item 8: a Close-Session whose answer was lost must not start the upload over.
 * The session runner handles a lost answer with `closeSent`, but the node transport silently
 * re-sends a bodiless packet whose reused keep-alive connection resets before the answer
 * (StaleSocketError), so the runner sees the server's 0x8020001F as the answer to its *first*
 * Close and starts a brand-new session, re-uploading the whole file.
 */
describe('the Ack of Close-Session is lost (connection reset after the server closed)', () => {
  it('upload-reply: does not upload the file a second time', async () => {
    const server = await serverFor();
    server.faults.add({ match: { packet: 'Close-Session' }, action: { type: 'drop-ack' } });
    const dir = await tempDir();
    const file = await randomFile(dir, 200_000);
    const result = await uploadWithRetries({
      url: server.url('/reply/in/data.bin'),
      kind: 'upload-reply',
      filePath: file.path,
      replyPath: join(dir, 'reply.txt'),
      fragmentSize: 64 * 1024,
    });
    expect((await storedBytes(server, '/reply/in/data.bin')).equals(file.bytes)).toBe(true);
    const log = packetLog(server);
    expect(
      log.filter((line) => line.startsWith('Create-Session')),
      log.join(', '),
    ).toHaveLength(1);
    expect(result.events.some((event) => event.type === 'session-restarted')).toBe(false);
  });

  it('upload-reply on a server that forbids overwrites (IIS default): does not fail with 403', async () => {
    const server = await serverFor({ allowOverwrites: false });
    server.faults.add({ match: { packet: 'Close-Session' }, action: { type: 'drop-ack' } });
    const dir = await tempDir();
    const file = await randomFile(dir, 200_000);
    const outcome = await uploadWithRetries({
      url: server.url('/reply/in/d.bin'),
      kind: 'upload-reply',
      filePath: file.path,
      replyPath: join(dir, 'reply.txt'),
      fragmentSize: 64 * 1024,
    }).then(
      () => 'ok',
      (error) => `${error.httpStatus} ${error.message}`,
    );
    expect(outcome, packetLog(server).join(', ')).toBe('ok');
  });

  it('upload-reply whose server then forgets the session: the new reply replaces the job’s own earlier one', async () => {
    const server = await serverFor();
    // A server restart between the reply download and Close-Session: the first Close meets a
    // session the server no longer knows, so the job uploads again and gets a new reply.
    server.faults.add({ match: { packet: 'Close-Session' }, action: { type: 'forget-session' }, times: 1 });
    const dir = await tempDir();
    const file = await randomFile(dir, 200_000);
    const replyPath = join(dir, 'reply.txt');
    const result = await uploadWithRetries({
      url: server.url('/reply/in/again.bin'),
      kind: 'upload-reply',
      filePath: file.path,
      replyPath,
      // No permission to replace other files: only the job's own reply may be replaced.
      replyFile: { owner: 'job-1', overwrite: false },
      fragmentSize: 64 * 1024,
    });
    expect(
      result.events.some((event) => event.type === 'session-restarted'),
      packetLog(server).join(', '),
    ).toBe(true);
    expect(result.events.filter((event) => event.type === 'reply-saved')).toHaveLength(2);
    expect(readFileSync(replyPath).length).toBeGreaterThan(0);
  });
});
