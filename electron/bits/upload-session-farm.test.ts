import { describe, expect, it } from 'vitest';
import { HRESULT } from '../../shared/bits-codes.js';
import { hostIdUrl } from './host-id.js';
import { startSession } from './testing/session-script.js';

describe('BITS-Host-Id farms (§9.3)', () => {
  it('sends every later packet to the farm node, pinging it first, with the credentials', async () => {
    const { script, settled, checkpoints } = startSession({
      size: 9000,
      auth: { headers: [['X-Key', 'k']], credentials: { user: 'u', password: 'p' } },
    });
    await script.createSession('{S}', { 'BITS-Host-Id': 'node7.example' });
    // The node is trusted like the destination: it gets the credentials when it asks for them.
    const challenged = await script.challenge('Ping');
    expect(challenged.request.url.href).toBe('http://node7.example/up/report.bin?tenant=7');
    const ping = await script.ping();
    expect(ping.header('Authorization')).toMatch(/^Basic /);
    const fragment = await script.fragment('bytes 0-8191/9000');
    expect(fragment.request.url.host).toBe('node7.example');
    await script.fragment('bytes 8192-8999/9000');
    const close = await script.close();
    expect(close.request.url.host).toBe('node7.example');
    expect(close.header('X-Key')).toBe('k');
    expect((await settled).ok).toBe(true);
    expect(checkpoints[0]!.hostId).toBe('node7.example');
  });

  it('arms the fallback timer on a failure and falls back to the original host when it expires', async () => {
    const first = startSession({ size: 9000 });
    await first.script.createSession('{S}', {
      'BITS-Host-Id': 'node7.example',
      'BITS-Host-Id-Fallback-Timeout': '110',
    });
    await first.script.ping();
    (await first.script.expect('Fragment')).fail('connect', 'ECONNREFUSED');
    expect((await first.settled).ok).toBe(false);
    const armed = first.checkpoints.at(-1)!;
    expect(armed.hostFallbackDeadline).toBe(first.clock.now() + 110_000);

    // Before the deadline the node is still used, and a success there stops the timer.
    const early = startSession({ size: 9000, state: armed, clock: first.clock });
    const ping = await early.script.expect('Ping');
    expect(ping.request.url.host).toBe('node7.example');
    ping.ack();
    await early.script.fragment('bytes 0-8191/9000');
    await early.script.fragment('bytes 8192-8999/9000');
    await early.script.close();
    expect((await early.settled).ok).toBe(true);
    expect(early.checkpoints.at(-1)!.hostFallbackDeadline).toBeUndefined();
  });

  it('falls back to the origin after the deadline; the origin does not know the session, so a new one starts', async () => {
    const first = startSession({ size: 9000 });
    await first.script.createSession('{S}', {
      'BITS-Host-Id': 'node7.example',
      'BITS-Host-Id-Fallback-Timeout': '60',
    });
    await first.script.ping();
    (await first.script.expect('Fragment')).fail('connect', 'ECONNREFUSED');
    await first.settled;
    const armed = first.checkpoints.at(-1)!;
    await first.clock.advance(61_000);
    const later = startSession({ size: 9000, state: armed, clock: first.clock });
    const ping = await later.script.expect('Ping');
    expect(ping.request.url.host).toBe('bits.example');
    ping.ack();
    (await later.script.expect('Fragment')).ack({ 'BITS-Error-Code': '0x8020001F' }, 500);
    const create = await later.script.createSession('{S2}');
    expect(create.request.url.host).toBe('bits.example');
    await later.script.fragment('bytes 0-8191/9000');
    await later.script.fragment('bytes 8192-8999/9000');
    const close = await later.script.close();
    expect(close.request.url.host).toBe('bits.example');
    expect((await later.settled).ok).toBe(true);
    expect(later.events).toContainEqual({ type: 'host-fallback', to: 'http://bits.example' });
  });

  it('never falls back without a fallback timeout header', async () => {
    const first = startSession({ size: 9000 });
    await first.script.createSession('{S}', { 'BITS-Host-Id': 'node7.example' });
    await first.script.ping();
    (await first.script.expect('Fragment')).fail('connect');
    await first.settled;
    expect(first.checkpoints.at(-1)!.hostFallbackDeadline).toBeUndefined();
  });

  it('rewrites hosts: names, IPv4, bare and bracketed IPv6, explicit ports; rejects garbage', () => {
    const destination = new URL('https://farm.example:8443/up/a.bin?x=1');
    expect(hostIdUrl(destination, 'node7').href).toBe('https://node7:8443/up/a.bin?x=1');
    expect(hostIdUrl(destination, '10.0.0.7').host).toBe('10.0.0.7:8443');
    expect(hostIdUrl(destination, 'fe80::1').host).toBe('[fe80::1]:8443');
    expect(hostIdUrl(destination, '[::1]:9000').host).toBe('[::1]:9000');
    expect(hostIdUrl(destination, 'node7:9000').host).toBe('node7:9000');
    expect(() => hostIdUrl(destination, 'evil/path')).toThrow(/unusable farm host/);
    expect(() => hostIdUrl(destination, 'a b')).toThrow(/unusable farm host/);
    expect(HRESULT.BG_E_SESSION_NOT_FOUND).toBe(0x8020001f);
  });
});
