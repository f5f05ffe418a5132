import { describe, expect, it } from 'vitest';
import { HRESULT } from '../../shared/bits-codes.js';
import type { ScriptedExchange } from './testing/scripted-transport.js';
import { type Settled, startSession } from './testing/session-script.js';

/**
 * Answers the runner's packets with `answer` until it settles or `limit` packets were answered.
 * Returns the settled result, or undefined when the runner was still going (then stops it).
 */
async function driveUntilSettled(
  session: ReturnType<typeof startSession>,
  answer: (exchange: ScriptedExchange, index: number) => void,
  limit: number,
): Promise<Settled | undefined> {
  for (let i = 0; i < limit; i++) {
    const next = await Promise.race([
      session.settled.then((result) => ({ done: true as const, result })),
      session.transport.next().then((exchange) => ({ done: false as const, exchange })),
    ]);
    if (next.done) return next.result;
    answer(next.exchange, i);
  }
  const raced = await Promise.race([
    session.settled,
    new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 50)),
  ]);
  if (raced) return raced;
  // Stop the runner with a fatal transport failure so the test does not leave it spinning.
  (await session.transport.next()).fail('tls', 'test gave up: the runner never stopped');
  await session.settled;
  return undefined;
}

describe('session restarts are bounded (§13 item 8)', () => {
  it('gives up when the server forgets the session after every first fragment (no overall progress)', async () => {
    const session = startSession({ size: 30_000 });
    let sessions = 0;
    const result = await driveUntilSettled(
      session,
      (exchange) => {
        if (exchange.packetType === 'Create-Session') {
          sessions++;
          exchange.ack({ 'BITS-Session-Id': `{S${sessions}}` });
        } else if (exchange.header('Content-Range') === 'bytes 0-8191/30000') {
          exchange.ack({ 'BITS-Received-Content-Range': '8192' });
        } else {
          // The next packet hits a node that never heard of the session.
          exchange.ack({ 'BITS-Error-Code': '0x8020001F', 'BITS-Error-Context': '0x5' }, 500);
        }
      },
      60,
    );
    // Default bound is 3 restarts; after 20 sessions the upload has still never passed byte 8192.
    expect(result, `runner still restarting after ${sessions} sessions`).toBeDefined();
    expect(result?.ok).toBe(false);
    if (result && !result.ok) expect(result.error.code).toBe(HRESULT.BG_E_SESSION_NOT_FOUND);
  });

  it('does not re-upload the whole file forever when every first Close-Session gets 0x8020001F', async () => {
    const session = startSession({ size: 9000 });
    let sessions = 0;
    let fragments = 0;
    const result = await driveUntilSettled(
      session,
      (exchange) => {
        if (exchange.packetType === 'Create-Session') {
          sessions++;
          exchange.ack({ 'BITS-Session-Id': `{S${sessions}}` });
        } else if (exchange.packetType === 'Fragment') {
          fragments++;
          const end = Number(/-(\d+)\//.exec(exchange.header('Content-Range') ?? '')?.[1]) + 1;
          exchange.ack({ 'BITS-Received-Content-Range': String(end) });
        } else {
          exchange.ack({ 'BITS-Error-Code': '0x8020001F' }, 500);
        }
      },
      60,
    );
    expect(
      result,
      `runner uploaded ${fragments} fragments in ${sessions} sessions and is still going`,
    ).toBeDefined();
  });
});

describe('a cursor that never moves is not retried forever', () => {
  it('stops when the server keeps acknowledging the same offset (no progress)', async () => {
    const session = startSession({ size: 20_000 });
    let sent = 0;
    const result = await driveUntilSettled(
      session,
      (exchange) => {
        if (exchange.packetType === 'Create-Session') {
          exchange.ack({ 'BITS-Session-Id': '{S}' });
          return;
        }
        sent++;
        // A broken server/proxy: 416 "I want byte 0" in answer to the fragment that starts at byte 0.
        exchange.ack({ 'BITS-Received-Content-Range': '0', 'BITS-Error-Code': '0x0' }, 416);
      },
      60,
    );
    expect(
      result,
      `the same 8 KiB fragment was sent ${sent} times and the runner is still going`,
    ).toBeDefined();
    expect(result?.ok).toBe(false);
  });
});

describe('after the restart bound was hit once, a later attempt can still start a new session', () => {
  it('creates a new session on the next attempt once the server behaves again', async () => {
    const first = startSession({ size: 20_000, maxSessionRestarts: 2 });
    for (let i = 0; i < 3; i++) {
      await first.script.createSession(`{S${i}}`);
      (await first.script.expect('Fragment')).ack({ 'BITS-Error-Code': '0x8020001F' }, 500);
    }
    const failed = await first.settled;
    expect(failed.ok).toBe(false);
    if (!failed.ok) expect(failed.error.classification).toBe('transient');
    const saved = first.checkpoints.at(-1)!;

    // The engine retries later; the server is healthy now (it just does not know {S2} any more).
    const second = startSession({ size: 20_000, maxSessionRestarts: 2, state: saved });
    const packets: string[] = [];
    const result = await driveUntilSettled(
      second,
      (exchange) => {
        packets.push(`${exchange.packetType} ${exchange.header('BITS-Session-Id') ?? ''}`.trim());
        if (exchange.packetType === 'Ping' || exchange.packetType === 'Close-Session') exchange.ack();
        else if (exchange.packetType === 'Create-Session') exchange.ack({ 'BITS-Session-Id': '{FRESH}' });
        else if (exchange.header('BITS-Session-Id') !== '{FRESH}') {
          exchange.ack({ 'BITS-Error-Code': '0x8020001F' }, 500);
        } else {
          const end = Number(/-(\d+)\//.exec(exchange.header('Content-Range') ?? '')?.[1]) + 1;
          exchange.ack({ 'BITS-Received-Content-Range': String(end) });
        }
      },
      20,
    );
    expect(packets).toContain('Create-Session');
    expect(result?.ok, packets.join(', ')).toBe(true);
  });
});
