import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { DEFAULT_SETTINGS } from '../shared/jobs.js';
import { createCore } from './core.js';

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'bits-core-app-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe('host-wide preferences and the bandwidth schedule in the settings', () => {
  it('changes one preference without touching the others, and keeps it across a restart', async () => {
    const dir = await dataDir();
    const first = await createCore({ dataDir: dir });
    const changed = await first.commands.updateSettings({
      app: { theme: 'dark' },
      bandwidthSchedule: [{ days: [1, 2, 3, 4, 5], fromHour: 9, toHour: 17, limitBps: 2 * 1024 * 1024 }],
    });
    expect(changed.app).toEqual({ ...DEFAULT_SETTINGS.app, theme: 'dark' });
    await first.close();
    const second = await createCore({ dataDir: dir });
    onTestFinished(() => second.close());
    const settings = await second.queries.settings();
    expect(settings.app.theme).toBe('dark');
    expect(settings.app.notifyFinished).toBe(true);
    expect(settings.bandwidthSchedule).toHaveLength(1);
  });

  it('refuses a theme it does not know and a malformed rule, naming the field', async () => {
    const core = await createCore({ dataDir: await dataDir() });
    onTestFinished(() => core.close());
    await expect(core.commands.updateSettings({ app: { theme: 'neon' as never } })).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringContaining('app.theme'),
    });
    await expect(
      core.commands.updateSettings({
        bandwidthSchedule: [{ days: [], fromHour: 9, toHour: 17, limitBps: 0 }],
      }),
    ).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringContaining('bandwidthSchedule') });
    expect((await core.queries.settings()).app.theme).toBe('system');
  });
});
