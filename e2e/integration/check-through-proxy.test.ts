import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createCore } from '../../electron/core.js';
import { dispatchHost } from '../../electron/host/dispatch-host.js';
import { serveHostServices } from '../../electron/server/serve-host-services.js';
import { serverFor, tempDir } from './support.js';
import { startTinyproxy, TINYPROXY_MISSING } from './support-tinyproxy.js';

/** A serve host's channels over a real core whose settings name `proxy`, with an empty environment. */
async function hostWithProxy(proxy: string) {
  const core = await createCore({ dataDir: join(await tempDir(), 'data') });
  onTestFinished(() => core.close());
  await core.commands.updateSettings({ proxy });
  const host = { ...serveHostServices({ version: '0.0.0', allowedFolders: [], maxStageBytes: 0 }), env: {} };
  return { core, host };
}

describe.skipIf(TINYPROXY_MISSING)('Test destination through a real proxy (tinyproxy)', () => {
  it('goes the way uploads go (the proxy setting) and names that route', async () => {
    const proxy = await startTinyproxy();
    const server = await serverFor();
    const url = server.url('/check/probe.bin');
    const result = await dispatchHost(await hostWithProxy(proxy.url), 'destinations:check', {
      url,
      headers: [],
    });
    expect(result.ok, JSON.stringify(result)).toBe(true);
    expect(result.proxy).toBe(`${new URL(proxy.url).origin} (from the proxy setting)`);
    // Every packet of the check went through the proxy: Ping, Create-Session, Cancel-Session.
    const carried = proxy.requests().filter((line) => line.startsWith(`BITS_POST ${url}`));
    expect(carried.length).toBe(server.log.length);
    expect(carried.length).toBeGreaterThanOrEqual(3);
  });

  it('says "direct" when the setting says so, and the proxy sees nothing', async () => {
    const proxy = await startTinyproxy();
    const server = await serverFor();
    const result = await dispatchHost(await hostWithProxy('direct'), 'destinations:check', {
      url: server.url('/check/direct.bin'),
      headers: [],
    });
    expect(result.ok).toBe(true);
    expect(result.proxy).toBe('direct');
    expect(proxy.requests()).toEqual([]);
  });

  it('reports an unreachable proxy as the proxy’s fault, not the server’s', async () => {
    const server = await serverFor();
    const result = await dispatchHost(await hostWithProxy('http://127.0.0.1:9'), 'destinations:check', {
      url: server.url('/check/unreachable.bin'),
      headers: [],
    });
    expect(result.ok).toBe(false);
    expect(result.problem?.message).toMatch(/proxy/i);
    expect(server.log).toHaveLength(0);
  });
});
