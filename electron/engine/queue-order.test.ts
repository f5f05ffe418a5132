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
