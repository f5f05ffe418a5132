import { describe, expect, it } from 'vitest';
import { HRESULT } from '../../shared/bits-codes.js';
import { startSession } from './testing/session-script.js';

async function fragmentAnswer(status: number, headers: Record<string, string>, body = '') {
  const { script, settled } = startSession({ size: 20_000 });
  await script.createSession();
  (await script.expect('Fragment')).respond(status, headers, body);
  const result = await settled;
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('expected a failure');
  return result.error;
}

describe('upload session: malformed answers become protocol errors with evidence', () => {
  it('an Ack without a cursor', async () => {
    const error = await fragmentAnswer(200, { 'BITS-Packet-Type': 'Ack', 'Content-Length': '0' });
    expect(error.code).toBe(HRESULT.BG_E_INVALID_SERVER_RESPONSE);
    expect(error.message).toMatch(/without saying how much it has/);
    expect(error.evidence.headers).toContainEqual(['BITS-Packet-Type', 'Ack']);
  });

  it('a non-numeric cursor', async () => {
    const error = await fragmentAnswer(200, {
      'BITS-Packet-Type': 'Ack',
      'BITS-Received-Content-Range': '12ab',
      'Content-Length': '0',
    });
    expect(error.code).toBe(HRESULT.BG_E_INVALID_SERVER_RESPONSE);
    expect(error.message).toContain('"12ab"');
  });

  it('a cursor past the end of the file', async () => {
    const error = await fragmentAnswer(200, {
      'BITS-Packet-Type': 'Ack',
      'BITS-Received-Content-Range': '20001',
      'Content-Length': '0',
    });
    expect(error.message).toMatch(/20001 bytes of a 20000-byte file/);
  });

  it('a success that is not a BITS Ack (a plain web server)', async () => {
    const error = await fragmentAnswer(
      200,
      { 'Content-Type': 'text/html', 'Content-Length': '13' },
      '<html>hi</html>',
    );
    expect(error.message).toMatch(/not a BITS upload endpoint/);
    expect(error.evidence.body).toContain('<html>');
  });

  it('an Ack that carries a body', async () => {
    const error = await fragmentAnswer(
      200,
      { 'BITS-Packet-Type': 'Ack', 'BITS-Received-Content-Range': '8192', 'Content-Length': '5' },
      'extra',
    );
    expect(error.message).toMatch(/body with its Ack/);
    expect(error.evidence.body).toBe('extra');
  });

  it('a Create-Session Ack without a session id', async () => {
    const { script, settled } = startSession({ size: 100 });
    (await script.expect('Create-Session')).ack({});
    const result = await settled;
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/no session id/);
  });

  it('a Create-Session Ack naming another protocol', async () => {
    const { script, settled } = startSession({ size: 100 });
    (await script.expect('Create-Session')).ack({
      'BITS-Session-Id': '{S}',
      'BITS-Protocol': '{00000000-0000-0000-0000-000000000000}',
    });
    const result = await settled;
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe(HRESULT.BG_E_CLIENT_SERVER_PROTOCOL_MISMATCH);
  });

  it('a transport-level garbled answer is fatal with the raw bytes kept', async () => {
    const { script, settled } = startSession({ size: 100 });
    await script.createSession();
    (await script.expect('Fragment')).fail('malformed', 'HPE_INVALID_CONSTANT');
    const result = await settled;
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.classification).toBe('fatal');
      expect(result.error.code).toBe(HRESULT.BG_E_INVALID_SERVER_RESPONSE);
    }
  });
});

describe('upload session: headers, credentials and stopping', () => {
  it('answers a Basic challenge, then sends custom headers and Basic credentials on every packet', async () => {
    const { script, settled } = startSession({
      size: 100,
      auth: { headers: [['X-Tenant', 'blue']], credentials: { user: 'ann', password: 's3cret' } },
    });
    const first = await script.challenge('Create-Session');
    expect(first.header('Authorization')).toBeUndefined();
    const packets = [
      await script.createSession(),
      await script.fragment('bytes 0-99/100'),
      await script.close(),
    ];
    for (const packet of packets) {
      expect(packet.header('X-Tenant')).toBe('blue');
      expect(packet.header('Authorization')).toBe(`Basic ${Buffer.from('ann:s3cret').toString('base64')}`);
    }
    expect((await settled).ok).toBe(true);
  });

  it('warns when Basic credentials would travel over plain http', async () => {
    const { script, settled, events } = startSession({
      size: 100,
      auth: { headers: [], credentials: { user: 'ann', password: 'pw' } },
    });
    await script.createSession();
    await script.fragment('bytes 0-99/100');
    await script.close();
    await settled;
    expect(events.some((event) => event.type === 'warning' && /http/i.test(event.message))).toBe(true);
  });

  it('stops promptly when aborted, rejecting with the abort reason', async () => {
    const controller = new AbortController();
    const { script, settled } = startSession({ size: 20_000, signal: controller.signal });
    await script.createSession();
    await script.expect('Fragment');
    const reason = new Error('suspended by user');
    controller.abort(reason);
    const result = await settled;
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toBe(reason);
  });
});
