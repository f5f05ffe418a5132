import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../bits/testing/fake-clock.js';
import { ScriptedTransport } from '../bits/testing/scripted-transport.js';
import { engineHarness } from './testing/engine-harness.js';

function fileIn(dir: string, name: string, size: number): string {
  const path = join(dir, name);
  writeFileSync(path, Buffer.alloc(size, 1));
  return path;
}

describe('queue order of jobs added concurrently', () => {
  it('gives two concurrently added jobs distinct queue positions, so move up/down works', async () => {
    const transport = new ScriptedTransport();
    const h = await engineHarness({ clock: new FakeClock(), transportFor: () => transport });
    // Two drops (or two addMany calls from a UI that adds per file) racing each other.
    const [a, b] = await Promise.all([
      h.add({ filePath: fileIn(h.dir, 'a', 10), url: 'http://s/a', suspended: true }),
      h.add({ filePath: fileIn(h.dir, 'b', 10), url: 'http://s/b', suspended: true }),
    ]);
    const order = () => h.store.listJobs({ sort: 'queue' }).records.map((r) => r.id);
    const before = order();
    h.engine.move(before[1]!, 'up');
    expect(order()).toEqual([before[1], before[0]]);
    // Root cause: both read the same max queue order before either was inserted.
    expect(a.queueOrder).not.toBe(b.queueOrder);
  });
});

describe('moving jobs in the queue', () => {
  async function queueOf(specs: Array<[string, 'high' | 'normal']>) {
    const h = await engineHarness({ clock: new FakeClock(), transportFor: () => new ScriptedTransport() });
    const ids: Record<string, string> = {};
    for (const [name, priority] of specs) {
      const job = await h.add({
        filePath: fileIn(h.dir, name, 10),
        url: `http://s/${name}`,
        priority,
        suspended: true,
      });
      ids[name] = job.id;
    }
    // As the queue shows it: priority first, then queue position.
    const shown = () =>
      h.store
        .listJobs({ sort: 'queue' })
        .records.sort((a, b) => (a.priority === b.priority ? 0 : a.priority === 'high' ? -1 : 1))
        .map((record) => record.filePath.slice(-1))
        .join('');
    return { h, ids, shown };
  }

  it('a step up passes the nearest job of the same priority, not a job of another priority', async () => {
    const { h, ids, shown } = await queueOf([
      ['a', 'normal'],
      ['H', 'high'],
      ['b', 'normal'],
    ]);
    expect(shown()).toBe('Hab');
    h.engine.move(ids.b!, 'up');
    expect(shown()).toBe('Hba');
    h.engine.move(ids.b!, 'down');
    expect(shown()).toBe('Hab');
  });

  it('before and after another job: the jobs between shift by one and keep their order', async () => {
    const { h, ids, shown } = await queueOf([
      ['a', 'normal'],
      ['b', 'normal'],
      ['c', 'normal'],
      ['d', 'normal'],
      ['e', 'normal'],
    ]);
    h.engine.move(ids.e!, { before: ids.b! });
    expect(shown()).toBe('aebcd');
    h.engine.move(ids.a!, { after: ids.c! });
    expect(shown()).toBe('ebcad');
    h.engine.move(ids.d!, { after: ids.e! });
    expect(shown()).toBe('edbca');
    h.engine.move(ids.e!, { before: ids.a! });
    expect(shown()).toBe('dbcea');
    const orders = h.store.listJobs({ sort: 'queue' }).records.map((record) => record.queueOrder);
    expect(new Set(orders).size).toBe(orders.length);
  });

  it('refuses a place beside a job of another priority, and says why', async () => {
    const { h, ids, shown } = await queueOf([
      ['a', 'normal'],
      ['H', 'high'],
    ]);
    expect(() => h.engine.move(ids.a!, { before: ids.H! })).toThrow(/keep to their priority/);
    expect(shown()).toBe('Ha');
  });
});
