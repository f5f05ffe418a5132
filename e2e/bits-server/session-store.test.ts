import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SessionStore } from './session-store.js';
import { makeRoot, removeRoot } from './test-support.js';

let root: string;
let store: SessionStore;

beforeEach(async () => {
  root = await makeRoot();
  store = new SessionStore();
  store.bind({ root, storage: 'disk' });
});

afterEach(async () => {
  await removeRoot(root);
});

describe('SessionStore', () => {
  it('issues braced upper-case GUIDs and finds sessions case-insensitively', () => {
    const s = store.create({
      kind: 'upload',
      urlPath: '/up/a.bin',
      rawPath: '/up/a.bin',
      root,
      storage: 'disk',
    });
    expect(s.id).toMatch(/^\{[0-9A-F-]{36}\}$/);
    expect(store.get(s.id.toLowerCase())).toBe(s);
    expect(store.list()).toEqual([s]);
  });

  it('seed() makes a sparse temp file of `received` bytes', async () => {
    const id = store.seed({
      urlPath: '/up/big.bin',
      received: 2 ** 32 - 8 * 2 ** 20,
      total: 2 ** 32 + 1,
      upload: 'upload-reply',
    });
    const s = store.get(id)!;
    expect(s).toMatchObject({ kind: 'upload-reply', received: 2 ** 32 - 8 * 2 ** 20, total: 2 ** 32 + 1 });
    const info = await stat(s.files.tempPath);
    expect(info.size).toBe(2 ** 32 - 8 * 2 ** 20);
    expect(info.blocks * 512).toBeLessThan(1024 * 1024);
    expect(() => store.seed({ urlPath: '/up/x', received: 5, total: 4 })).toThrow();
    expect(() => new SessionStore().seed({ urlPath: '/up/x', received: 0, total: 4 })).toThrow();
  });

  it('delete() forgets the session and removes its partial data', async () => {
    const id = store.seed({ urlPath: '/up/d.bin', received: 10, total: 20 });
    const temp = store.get(id)!.files.tempPath;
    expect(store.delete(id)).toBe(true);
    expect(store.get(id)).toBeUndefined();
    expect(store.delete(id)).toBe(false);
    await expect.poll(() => existsSync(temp)).toBe(false);
  });

  it('exclusive() runs work for one session one at a time, other sessions in parallel', async () => {
    const events: string[] = [];
    const step = (name: string, ms: number) => async () => {
      events.push(`${name}:start`);
      await new Promise((r) => setTimeout(r, ms));
      events.push(`${name}:end`);
      if (name === 'a') throw new Error('a failed');
    };
    await Promise.allSettled([
      store.exclusive('{S}', step('a', 30)),
      store.exclusive('{s}', step('b', 1)),
      store.exclusive('{T}', step('c', 1)),
    ]);
    expect(events.indexOf('b:start')).toBeGreaterThan(events.indexOf('a:end'));
    expect(events.indexOf('c:end')).toBeLessThan(events.indexOf('a:end'));
  });
});
