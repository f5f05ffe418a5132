import { describe, expect, it } from 'vitest';
import { toJob } from '../../electron/engine/job-view.js';
import { engineHarness } from '../../electron/engine/testing/engine-harness.js';
import type { FaultRuleInit } from '../bits-server/faults.js';
import { randomFile, serverFor, tempDir } from './support.js';

describe('the details a job carries to the window (issue 7, details pane)', () => {
  it('names its session, the farm node that holds it and the fragment size, against the reference server', async () => {
    const node = await serverFor();
    const farm = await serverFor({ sessions: node.sessions, hostId: `127.0.0.1:${node.port}` });
    const dir = await tempDir();
    const file = await randomFile(dir, 200_000);
    const h = await engineHarness();
    const job = await h.add({
      filePath: file.path,
      url: farm.url('/up/details.bin'),
      fragmentSize: 64 * 1024,
    });
    await h.waitFor(job.id, (changed) => changed.state === 'acknowledged');
    const shown = toJob(h.job(job.id));
    const session = node.log.find((entry) => entry.packetType === 'Fragment');
    expect(shown.sessionId).toBeTruthy();
    expect(session?.headers.find(([name]) => name.toLowerCase() === 'bits-session-id')?.[1]).toBe(
      shown.sessionId,
    );
    expect(shown.serverHost).toBe(`127.0.0.1:${node.port}`);
    expect(shown.fragmentSize).toBe(64 * 1024);
    expect(shown.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('counts the bytes it sent twice: a fragment answered 503 goes again on the next attempt', async () => {
    // The 2nd fragment is refused once: the retry sends those 64 KiB a second time.
    const { shown } = await uploadThrough('resent.bin', [
      { match: { packet: 'Fragment', nth: 2 }, action: { type: 'status', status: 503 }, times: 1 },
    ]);
    expect(shown.bytesResent).toBe(64 * 1024);
  });

  it('counts what a connection closed silently mid-body had taken: the fragment goes again on a new connection', async () => {
    // The 2nd fragment comes on the kept-alive connection: the server reads 20,000 of its bytes,
    // keeps none, and closes without a word. The transport sends it again on a fresh connection.
    const { shown, fragments } = await uploadThrough('cut.bin', [
      { match: { packet: 'Fragment', nth: 2 }, action: { type: 'cut-mid-body', afterBytes: 20_000 } },
    ]);
    expect(fragments).toBe(5);
    // The whole 64 KiB body had been handed to the socket before the close (one chunk, under the
    // transport's queue bound): all of it went a second time.
    expect(shown.bytesResent).toBe(64 * 1024);
  });

  it('keeps that count when the attempt then fails: the next attempt adds the fragment sent a third time', async () => {
    // Cut on the kept-alive connection, and again on the fresh one the transport dials: the
    // attempt fails, and the next one sends the fragment once more.
    const { shown, fragments } = await uploadThrough('cut-twice.bin', [
      {
        match: { packet: 'Fragment', nth: 2 },
        action: { type: 'cut-mid-body', afterBytes: 20_000 },
        times: 2,
      },
    ]);
    expect(fragments).toBe(6);
    expect(shown.bytesResent).toBe(2 * 64 * 1024);
  });

  it('a clean upload re-sends nothing', async () => {
    const { shown } = await uploadThrough('clean.bin', []);
    expect(shown.bytesResent ?? 0).toBe(0);
  });
});

/**
 * A 256 KiB file uploaded in 64 KiB fragments to the reference server with these faults, to the
 * end: the job as the window sees it, and how many Fragment requests the server read.
 */
async function uploadThrough(name: string, faults: FaultRuleInit[]) {
  const server = await serverFor();
  for (const fault of faults) server.faults.add(fault);
  const dir = await tempDir();
  const file = await randomFile(dir, 256 * 1024);
  const h = await engineHarness();
  const job = await h.add({ filePath: file.path, url: server.url(`/up/${name}`), fragmentSize: 64 * 1024 });
  await h.waitFor(job.id, (changed) => changed.state === 'acknowledged');
  const fragments = server.log.filter((entry) => entry.packetType === 'Fragment').length;
  return { shown: toJob(h.job(job.id)), fragments };
}
