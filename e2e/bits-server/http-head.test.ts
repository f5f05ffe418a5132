import { describe, expect, it } from 'vitest';
import { bodyFraming, HeaderMap, parseDecimal, parseRequestHead, wantsKeepAlive } from './http-head.js';

const parse = (text: string) => parseRequestHead(Buffer.from(text, 'latin1'));

describe('parseRequestHead', () => {
  it('parses the request line and keeps header spelling and order', () => {
    const result = parse(
      'BITS_POST /up/a.bin?x=1 HTTP/1.1\r\nBITS-Packet-Type: Ping\r\ncontent-length:0  \r\nX-Empty:',
    );
    expect(result).toEqual({
      ok: true,
      head: {
        method: 'BITS_POST',
        target: '/up/a.bin?x=1',
        version: '1.1',
        headers: [
          ['BITS-Packet-Type', 'Ping'],
          ['content-length', '0'],
          ['X-Empty', ''],
        ],
        oversizedValue: false,
      },
    });
  });

  it('flags values over 4 KB but still frames the request', () => {
    const result = parse(`GET / HTTP/1.1\r\nX-Big: ${'a'.repeat(4097)}`);
    expect(result.ok && result.head.oversizedValue).toBe(true);
  });

  it('refuses malformed request lines and header lines', () => {
    for (const text of [
      'GET /',
      'GET / HTTP/2.0',
      'GET  / HTTP/1.1',
      'G(T / HTTP/1.1',
      'GET / HTTP/1.1\r\nNoColon',
      'GET / HTTP/1.1\r\nBad Name: x',
      'GET / HTTP/1.1\r\nA: b\r\n folded',
      'GET / HTTP/1.1\r\nA: b\x00c',
      'GET / HTTP/1.1\r\n: empty-name',
    ]) {
      expect(parse(text).ok, JSON.stringify(text)).toBe(false);
    }
  });
});

describe('framing and connection rules', () => {
  const headers = (list: Array<[string, string]>) => new HeaderMap(list);

  it('reads Content-Length strictly and refuses chunked bodies', () => {
    expect(bodyFraming(headers([]))).toEqual({ ok: true, length: 0, declared: false });
    expect(bodyFraming(headers([['Content-Length', '42']]))).toEqual({
      ok: true,
      length: 42,
      declared: true,
    });
    expect(bodyFraming(headers([['Content-Length', '5, 5']]))).toMatchObject({ ok: true, length: 5 });
    for (const bad of ['-1', '1e3', '0x10', '', '5, 6', '99999999999999999']) {
      expect(bodyFraming(headers([['Content-Length', bad]])).ok, bad).toBe(false);
    }
    expect(bodyFraming(headers([['Transfer-Encoding', 'chunked']])).ok).toBe(false);
  });

  it('keeps HTTP/1.1 connections unless closed, HTTP/1.0 only on request', () => {
    const head = (version: '1.0' | '1.1') => ({
      method: 'GET',
      target: '/',
      version,
      headers: [],
      oversizedValue: false,
    });
    expect(wantsKeepAlive(head('1.1'), headers([]))).toBe(true);
    expect(wantsKeepAlive(head('1.1'), headers([['Connection', 'Keep-Alive, Close']]))).toBe(false);
    expect(wantsKeepAlive(head('1.0'), headers([]))).toBe(false);
    expect(wantsKeepAlive(head('1.0'), headers([['Connection', 'keep-alive']]))).toBe(true);
  });

  it('parseDecimal accepts only safe decimal integers', () => {
    expect(parseDecimal('4294967296')).toBe(4294967296);
    expect(parseDecimal('9007199254740991')).toBe(9007199254740991);
    for (const bad of ['9007199254740993', ' 1', '1.0', '+1', '']) expect(parseDecimal(bad)).toBeUndefined();
  });
});
