import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { JobRecord } from '../job-record.js';
import { createSecretBox, type SecretBox } from '../secret-box.js';

/** A minimal queued upload; tests and benchmarks override what they care about. */
export function sampleRecord(overrides: Partial<JobRecord> & { id: string }): JobRecord {
  return {
    type: 'upload',
    state: 'queued',
    priority: 'normal',
    queueOrder: 0,
    filePath: `/data/${overrides.id}.bin`,
    url: 'https://uploads.example.test/bits/',
    headers: [],
    holdCompletion: false,
    options: {},
    bytesTotal: 1024,
    bytesAcked: 0,
    attempts: 0,
    cancelPending: false,
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_000,
    ...overrides,
  };
}

/** `count` queued jobs in queue order, with varied names, sizes and progress. */
export function sampleRecords(count: number, start = 0): JobRecord[] {
  return Array.from({ length: count }, (_, index) => {
    const n = start + index;
    const bytesTotal = 1024 * ((n * 7919) % 100_000) + 1;
    return sampleRecord({
      id: `job-${String(n).padStart(6, '0')}`,
      queueOrder: n,
      filePath: `/home/user/uploads/batch-${n % 10}/file-${(n * 31) % count}.dat`,
      bytesTotal,
      bytesAcked: Math.floor((bytesTotal * (n % 11)) / 10),
      createdAt: 1_700_000_000_000 + n * 1000,
      updatedAt: 1_700_000_000_000 + n * 1000,
    });
  });
}

/** One fixed key for every store a test opens, so what one store sealed the next one opens. */
export function testSecretBox(fill = 7): SecretBox {
  return createSecretBox(Buffer.alloc(32, fill));
}

/** A fresh temporary folder and its remover. */
export function makeTempDir(prefix = 'bits-store-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
