import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { dispatch } from '../shared/contract/channels.js';
import { createCore } from './core.js';

const PASSWORD = 'Dest-Corr3ct-Horse-77';
const TOKEN = 'X-Dest-Secret-9b8a7f';

describe('destinations saved through the core', () => {
  it('leave no password or header value in the data folder, and read back after a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'bits-core-dest-'));
    onTestFinished(() => rm(dataDir, { recursive: true, force: true }));
    const core = await createCore({ dataDir });
    const saved = await dispatch(core, 'destinations:save', {
      name: 'Tenant',
      url: 'https://upload.example.test/bits',
      headers: [['X-Api-Key', TOKEN]],
      credentials: { user: 'ann', password: PASSWORD },
    });
    await core.close();

    const files = readdirSync(dataDir, { recursive: true, withFileTypes: true }).filter((entry) =>
      entry.isFile(),
    );
    expect(files.map((entry) => entry.name)).toContain('bits-uploader.db');
    const bytes = Buffer.concat(files.map((entry) => readFileSync(join(entry.parentPath, entry.name))));
    expect(bytes.includes(PASSWORD)).toBe(false);
    expect(bytes.includes(TOKEN)).toBe(false);

    const again = await createCore({ dataDir });
    onTestFinished(() => again.close());
    expect(await dispatch(again, 'destinations:list', {})).toEqual([
      expect.objectContaining({ id: saved.id, headerNames: ['X-Api-Key'], hasCredentials: true }),
    ]);
  });
});
