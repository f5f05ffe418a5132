import { describe, expect, it } from 'vitest';
import { UPLOAD_PROTOCOL_GUID } from '../../shared/bits-codes.js';
import { MemoryFile } from './testing/memory-file.js';
import { DEST, startSession } from './testing/session-script.js';

describe('upload session: the clean exchange (§14.1)', () => {
  it('creates a session, sends ordered fragments and closes', async () => {
    const { script, settled, file, progress } = startSession({ size: 20_000 });
    const create = await script.createSession();
    expect(create.header('BITS-Supported-Protocols')).toBe(UPLOAD_PROTOCOL_GUID);
    expect(create.request.method).toBe('BITS_POST');
    const first = await script.fragment('bytes 0-8191/20000');
    expect(first.header('BITS-Session-Id')).toBe('{S-1}');
    expect(first.body.equals(file.slice(0, 8192))).toBe(true);
    await script.fragment('bytes 8192-16383/20000');
    const last = await script.fragment('bytes 16384-19999/20000');
    expect(last.body.equals(file.slice(16384, 3616))).toBe(true);
    await script.close();
    const result = await settled;
    expect(result.ok).toBe(true);
    expect(progress).toEqual([8192, 16384, 20000]);
  });

  it('echoes an odd, non-GUID session id byte for byte and keeps the query string on every packet', async () => {
    const { script, settled, transport } = startSession({ size: 9000 });
    const odd = ' weird:id/with spaces ÿ ';
    await script.createSession(odd);
    const fragment = await script.fragment('bytes 0-8191/9000');
    expect(fragment.header('BITS-Session-Id')).toBe(odd);
    // An Ack naming another session id must not replace ours.
    const second = await transport.next();
    expect(second.header('BITS-Session-Id')).toBe(odd);
    expect(second.request.url.search).toBe('?tenant=7');
    second.ack({ 'BITS-Received-Content-Range': '9000', 'BITS-Session-Id': '{OTHER}' });
    const close = await script.expect('Close-Session');
    expect(close.header('BITS-Session-Id')).toBe(odd);
    expect(close.request.url.href).toBe(DEST);
    close.ack();
    expect((await settled).ok).toBe(true);
  });

  it('accepts 201 on Create-Session, header names in any case and a lower-case ack', async () => {
    const { script, settled, transport } = startSession({ size: 100 });
    const create = await transport.next();
    create.respond(201, { 'bits-packet-type': 'ack', 'bits-session-id': '{s}', 'content-length': '0' });
    const fragment = await script.expect('Fragment');
    fragment.respond(200, {
      'BITS-PACKET-TYPE': 'ACK',
      'bits-received-content-range': '100',
      'Content-Length': '0',
    });
    await script.close();
    expect((await settled).ok).toBe(true);
  });

  it('never emits an empty trailing fragment when the size is a multiple of the fragment size', async () => {
    const { script, settled } = startSession({ size: 16_384 });
    await script.createSession();
    await script.fragment('bytes 0-8191/16384');
    await script.fragment('bytes 8192-16383/16384');
    await script.close();
    expect((await settled).ok).toBe(true);
  });

  it('sends a zero-byte file as one empty fragment', async () => {
    const { script, settled } = startSession({ size: 0 });
    await script.createSession();
    const fragment = await script.expect('Fragment');
    expect(fragment.header('Content-Range')).toBe('bytes */0');
    expect(fragment.body.length).toBe(0);
    fragment.ack({ 'BITS-Received-Content-Range': '0' });
    await script.close();
    expect((await settled).ok).toBe(true);
  });

  it('uses 64-bit offsets for files over 4 GiB', async () => {
    const size = 5 * 1024 ** 3 + 17;
    const file = MemoryFile.pattern(size);
    const start = 4 * 1024 ** 3 - 4096;
    const state = {
      sessionId: '{BIG}',
      acked: start,
      fileSize: size,
      fileMtimeMs: file.identity.mtimeMs,
      uploadComplete: false,
      replyDone: false,
      closeSent: false,
      restartsWithoutProgress: 0,
    };
    // No digest: hashing the 4 GiB prefix of a generated file byte by byte would take minutes.
    const { script, settled } = startSession({ file, state, size, digest: false });
    await script.ping();
    const fragment = await script.fragment(`bytes ${start}-${start + 8191}/${size}`);
    expect(fragment.body.equals(file.slice(start, 8192))).toBe(true);
    const abortWith = await script.expect('Fragment');
    expect(abortWith.header('Content-Range')).toBe(`bytes ${start + 8192}-${start + 16383}/${size}`);
    abortWith.ack({ 'BITS-Received-Content-Range': String(size) });
    await script.close();
    expect((await settled).ok).toBe(true);
  });
});
