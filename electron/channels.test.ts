import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ZodError } from 'zod';
import { CHANNELS, dispatch, EventSchema, isChannel } from '../shared/contract/channels.js';
import { CoreError, type CoreEvent } from '../shared/contract/core-api.js';
import { createCore } from './core.js';

async function core() {
  const dir = await mkdtemp(join(tmpdir(), 'bits-channels-'));
  const opened = await createCore({ dataDir: join(dir, 'data') });
  onTestFinished(async () => {
    await opened.close();
    await rm(dir, { recursive: true, force: true });
  });
  return { core: opened, dir };
}

describe('the channel contract every host carries', () => {
  it('runs commands and queries through validated channels, with responses that match their schemas', async () => {
    const { core: c, dir } = await core();
    const events: CoreEvent[] = [];
    c.subscribe((event) => events.push(EventSchema.parse(event)));
    writeFileSync(join(dir, 'a.bin'), 'hello');
    const added = await dispatch(c, 'jobs:add', {
      filePath: join(dir, 'a.bin'),
      url: 'http://127.0.0.1:9/up/a.bin',
      suspended: true,
      headers: [['X-Tenant', 'blue']],
      credentials: { user: 'u', password: 'secret' },
    });
    expect(CHANNELS['jobs:add'].response.parse(added)).toMatchObject({
      state: 'suspended',
      headerNames: ['X-Tenant'],
    });
    expect(JSON.stringify(added)).not.toContain('secret');
    expect(JSON.stringify(added)).not.toContain('blue');
    const list = await dispatch(c, 'jobs:list', { states: ['suspended'] });
    expect(CHANNELS['jobs:list'].response.parse(list).total).toBe(1);
    const moved = await dispatch(c, 'jobs:set-priority', { id: added.id, priority: 'high' });
    expect(moved.priority).toBe('high');
    const detail = await dispatch(c, 'jobs:get', { id: added.id });
    expect(CHANNELS['jobs:get'].response.parse(detail)?.events.length).toBeGreaterThan(0);
    expect(await dispatch(c, 'jobs:get', { id: 'missing' })).toBeNull();
    const settings = await dispatch(c, 'settings:update', { maxConcurrentJobs: 5 });
    expect(settings.maxConcurrentJobs).toBe(5);
    expect((await dispatch(c, 'settings:get', {})).maxConcurrentJobs).toBe(5);
    await dispatch(c, 'jobs:cancel', { id: added.id });
    expect(await dispatch(c, 'jobs:remove-finished', {})).toEqual({ removed: [added.id] });
    expect(events.some((event) => event.type === 'jobs-removed')).toBe(true);
  });

  it('rejects payloads that break the contract before they reach the core', async () => {
    const { core: c } = await core();
    await expect(dispatch(c, 'jobs:move', { id: 'x', where: 'sideways' })).rejects.toBeInstanceOf(ZodError);
    await expect(dispatch(c, 'jobs:add', { filePath: 42 })).rejects.toBeInstanceOf(ZodError);
    expect(isChannel('jobs:add')).toBe(true);
    expect(isChannel('__proto__')).toBe(false);
    expect(isChannel('fs:read')).toBe(false);
  });

  it('answers a channel name it does not know with a clear unknown-channel error', async () => {
    const { core: c } = await core();
    for (const name of ['__proto__', 'constructor', 'toString', 'nope', '']) {
      const failure = await dispatch(c, name as 'jobs:list', {}).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(CoreError);
      expect((failure as CoreError).code).toBe('unknown-channel');
      expect((failure as CoreError).toWire()).toEqual({
        code: 'unknown-channel',
        message: `There is no channel named “${name}”.`,
      });
    }
  });
});
