import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The small real files the 10,000-job queue points at: 20 folders, mostly ASCII names, every
 * 50th one non-ASCII (so the folded, non-LIKE search path finds something).
 */
export function queueFilePath(dir: string, n: number): string {
  const name =
    n % 50 === 0 ? `Föto-${String(n).padStart(5, '0')}.jpg` : `photo-${String(n).padStart(5, '0')}.jpg`;
  return path.join(dir, `batch-${String(n % 20).padStart(2, '0')}`, name);
}

export function writeQueueFiles(dir: string, count: number): void {
  for (let b = 0; b < 20; b++)
    mkdirSync(path.join(dir, `batch-${String(b).padStart(2, '0')}`), { recursive: true });
  const body = Buffer.alloc(1024, 7);
  for (let n = 0; n < count; n++) writeFileSync(queueFilePath(dir, n), body.subarray(0, 100 + (n % 900)));
}
