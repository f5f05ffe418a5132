import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CoreEvent } from '../../shared/contract/core-api.js';
import { FakeClock, flushPromises } from '../bits/testing/fake-clock.js';
import { ScriptedTransport } from '../bits/testing/scripted-transport.js';
import { Subscribers } from './subscribers.js';
import { engineHarness } from './testing/engine-harness.js';

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeEach(() => {
  unhandled.length = 0;
  process.on('unhandledRejection', onUnhandled);
});
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
});

const changed = (id: string): CoreEvent => ({
  type: 'job-changed',
  job: {
    id,
    type: 'upload',
    state: 'queued',
    priority: 'normal',
    filePath: '/f',
    fileName: 'f',
    url: 'http://s/f',
    headerNames: ['X-A'],
    hasCredentials: false,
    holdCompletion: false,
    bytesTotal: 1,
    bytesAcked: 0,
    attempts: 0,
    createdAt: 1,
    updatedAt: 1,
    queueOrder: 1,
  },
});

describe('subscribers: a failing one is contained and reported', () => {
  it('keeps an async subscriber that rejects away from the process, and reports it once', async () => {
    const warnings: string[] = [];
    const subscribers = new Subscribers((message) => warnings.push(message));
    const seen: string[] = [];
    subscribers.add(async () => {
      throw new Error('window gone');
    });
    subscribers.add(() => {
      throw new Error('sync failure');
    });
    subscribers.add((event) => seen.push(event.type));
    subscribers.emit(changed('a'));
    subscribers.emit(changed('b'));
    await flushPromises();
    expect(unhandled).toEqual([]);
    expect(seen).toEqual(['job-changed', 'job-changed']);
    expect(warnings).toEqual(
      expect.arrayContaining([expect.stringMatching(/window gone/), expect.stringMatching(/sync failure/)]),
    );
    expect(warnings).toHaveLength(2);
  });

  it('gives every subscriber its own copy: a change by one is seen by no other', () => {
    const subscribers = new Subscribers(() => undefined);
    const original = changed('a');
    const seen: string[] = [];
    subscribers.add((event) => {
      if (event.type === 'job-changed') {
        event.job.state = 'cancelled';
        event.job.headerNames.push('Injected');
      }
    });
    subscribers.add((event) => {
      if (event.type === 'job-changed') seen.push(`${event.job.state} ${event.job.headerNames.join(',')}`);
    });
    subscribers.emit(original);
    expect(seen).toEqual(['queued X-A']);
    expect(original.type === 'job-changed' && original.job.state).toBe('queued');
  });

  it('lets an engine upload carry on while an async subscriber rejects on every event', async () => {
    const transport = new ScriptedTransport();
    const h = await engineHarness({ clock: new FakeClock(), transportFor: () => transport });
    h.engine.subscribe(async () => {
      throw new Error('subscriber broke');
    });
    const path = join(h.dir, 'a');
    writeFileSync(path, Buffer.alloc(100, 1));
    const job = await h.add({ filePath: path, url: 'http://s/a' });
    (await transport.next()).ack({
      'BITS-Protocol': '{7df0354d-249b-430f-820d-3d2a9bef4931}',
      'BITS-Session-Id': '{S}',
    });
    (await transport.next()).ack({ 'BITS-Received-Content-Range': '100' });
    (await transport.next()).ack();
    await h.waitFor(job.id, (j) => j.state === 'acknowledged');
    await flushPromises();
    expect(unhandled).toEqual([]);
    expect(h.warnings).toEqual([expect.stringMatching(/subscriber broke/)]);
  });
});
