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

  it('keep a client certificate and pins, showing the files and pins but never the passphrase', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'bits-core-dest-tls-'));
    onTestFinished(() => rm(dataDir, { recursive: true, force: true }));
    const core = await createCore({ dataDir });
    onTestFinished(() => core.close());
    const pin = `sha256:${'ab'.repeat(32)}`;
    const saved = await dispatch(core, 'destinations:save', {
      name: 'Mutual TLS',
      url: 'https://mtls.example.test/bits/',
      clientCert: { pfxFile: join(dataDir, '..', 'me.p12'), passphrase: PASSWORD },
      pins: [pin],
    });
    expect(saved.clientCert).toEqual({ pfxFile: join(dataDir, '..', 'me.p12'), hasPassphrase: true });
    expect(saved.pins).toEqual(['AB:'.repeat(31).concat('AB')]);
    expect(JSON.stringify(saved)).not.toContain(PASSWORD);
    // A change that leaves them out keeps them; null clears them.
    const renamed = await dispatch(core, 'destinations:save', {
      id: saved.id,
      name: 'Renamed',
      url: saved.url,
    });
    expect(renamed.clientCert?.hasPassphrase).toBe(true);
    const cleared = await dispatch(core, 'destinations:save', {
      id: saved.id,
      name: 'Renamed',
      url: saved.url,
      clientCert: null,
      pins: null,
    });
    expect(cleared.clientCert).toBeUndefined();
    expect(cleared.pins).toBeUndefined();
  });
});
