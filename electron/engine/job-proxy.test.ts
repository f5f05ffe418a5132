import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SettingsSchema } from '../../shared/jobs.js';
import { FakeClock } from '../bits/testing/fake-clock.js';
import { ScriptedTransport } from '../bits/testing/scripted-transport.js';
import { engineHarness } from './testing/engine-harness.js';

async function harness() {
  const transport = new ScriptedTransport();
  const h = await engineHarness({ clock: new FakeClock(), transportFor: () => transport });
  const filePath = join(h.dir, 'a.bin');
  writeFileSync(filePath, 'data');
  return { ...h, filePath };
}

describe('a job’s own proxy', () => {
  it('keeps the URL without its credentials, and the credentials apart', async () => {
    const h = await harness();
    const job = await h.add({
      filePath: h.filePath,
      url: 'http://s/a',
      proxy: 'http://ann:pw@proxy.corp:3128',
      suspended: true,
    });
    expect(h.job(job.id).options).toMatchObject({
      proxy: 'http://proxy.corp:3128',
      proxyCredentials: { user: 'ann', password: 'pw' },
    });
    // Nothing about the proxy's credentials reaches the public view.
    expect(JSON.stringify(job)).not.toContain('pw');
  });

  it('changes, clears and refuses a proxy through update()', async () => {
    const h = await harness();
    const job = await h.add({ filePath: h.filePath, url: 'http://s/a', proxy: 'direct', suspended: true });
    expect(h.job(job.id).options.proxy).toBe('direct');
    await h.engine.update(job.id, {
      proxy: 'proxy.corp:8080',
      proxyCredentials: { user: 'bob', password: 'x' },
    });
    expect(h.job(job.id).options).toMatchObject({
      proxy: 'http://proxy.corp:8080',
      proxyCredentials: { user: 'bob', password: 'x' },
    });
    const events = h.store.listEvents(job.id).length;
    // The same proxy again is no change (a re-run of the same command does not restart anything).
    await h.engine.update(job.id, {
      proxy: 'proxy.corp:8080',
      proxyCredentials: { user: 'bob', password: 'x' },
    });
    expect(h.store.listEvents(job.id).length).toBe(events);
    await h.engine.update(job.id, { proxy: null, proxyCredentials: null });
    expect(h.job(job.id).options.proxy).toBeUndefined();
    expect(h.job(job.id).options.proxyCredentials).toBeUndefined();
    await expect(h.engine.update(job.id, { proxy: 'socks5://proxy:1080' })).rejects.toThrow(
      /only HTTP proxies/,
    );
  });

  it('the proxy setting takes "", "direct" or an http URL', () => {
    const base = SettingsSchema.shape.proxy;
    for (const ok of ['', 'direct', 'http://proxy:3128', 'proxy:3128', 'http://a:b@proxy:3128/']) {
      expect(base.safeParse(ok).success, ok).toBe(true);
    }
    for (const bad of ['http://proxy:3128/path', 'two words', 'proxy:3128?x']) {
      expect(base.safeParse(bad).success, bad).toBe(false);
    }
  });
});
