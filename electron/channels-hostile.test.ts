import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { dispatch } from '../shared/contract/channels.js';
import { CoreError } from '../shared/contract/core-api.js';
import { createCore } from './core.js';

describe('dispatch with payloads that make the schema library itself throw', () => {
  it('answers a `length` whose toString is not a function (valid JSON) with invalid-input, not a TypeError', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bits-hostile-'));
    const core = await createCore({ dataDir: join(dir, 'data') });
    onTestFinished(async () => {
      await core.close();
      await rm(dir, { recursive: true, force: true });
    });
    const hostile = JSON.parse('{"length": {"toString": 0}}');
    for (const [channel, payload] of [
      ['jobs:get', { id: hostile }],
      ['jobs:list', { search: hostile }],
      ['jobs:add', { filePath: hostile, url: 'http://s/a' }],
    ] as const) {
      const failure = await dispatch(core, channel, payload).catch((error: unknown) => error);
      expect(failure, channel).toBeInstanceOf(CoreError);
      expect((failure as CoreError).code).toBe('invalid-input');
    }
    expect((await dispatch(core, 'jobs:list', {})).total).toBe(0);
  });
});
