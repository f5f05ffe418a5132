import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CoreEvent } from '../../shared/contract/core-api.js';
import { FakeClock } from '../bits/testing/fake-clock.js';
import { JobBook } from './job-book.js';
import { toJob } from './job-view.js';
import { engineHarness } from './testing/engine-harness.js';

describe('the job book’s event path', () => {
  it('drops any event about a job once its removal has been announced', async () => {
    const h = await engineHarness({ clock: new FakeClock() });
    const path = join(h.dir, 'a');
    writeFileSync(path, 'a');
    const job = await h.add({ filePath: path, url: 'http://s/a', suspended: true });
    h.engine.cancel(job.id);
    const record = h.store.getJob(job.id)!;
    const book = new JobBook(h.store, new FakeClock());
    const seen: CoreEvent[] = [];
    book.subscribe((event) => seen.push(event));
    book.delete([job.id]);
    // A late writer (a settings change that was waiting, a progress timer) announces the job again.
    book.emit({ type: 'job-changed', job: toJob(record) });
    book.emit({
      type: 'progress',
      jobId: job.id,
      phase: 'upload',
      bytesAcked: 0,
      bytesTotal: 1,
      bytesInFlight: 0,
      speedBps: 0,
    });
    expect(seen.map((event) => event.type)).toEqual(['jobs-removed']);
  });
});
