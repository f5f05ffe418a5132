import { describe, expect, it } from 'vitest';
import {
  bearerToken,
  declaredTooLarge,
  hostAllowed,
  isLoopbackHost,
  originAllowed,
  subprotocolToken,
  tokenMatches,
} from './guards.js';

describe('serve access guards', () => {
  it('accepts only the exact token', () => {
    expect(tokenMatches('abc123', 'abc123')).toBe(true);
    expect(tokenMatches('abc124', 'abc123')).toBe(false);
    expect(tokenMatches('abc1234', 'abc123')).toBe(false);
    expect(tokenMatches('', 'abc123')).toBe(false);
    expect(tokenMatches(undefined, 'abc123')).toBe(false);
    expect(tokenMatches('', '')).toBe(false);
  });

  it('reads a bearer token and a WebSocket subprotocol token', () => {
    expect(bearerToken('Bearer tok_1')).toBe('tok_1');
    expect(bearerToken('bearer   tok_1 ')).toBe('tok_1');
    expect(bearerToken('Basic dXNlcjpwdw==')).toBeUndefined();
    expect(bearerToken('Bearer a b')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
    expect(subprotocolToken(['bits-uploader', 'token.tok_1'])).toBe('tok_1');
    expect(subprotocolToken(['token.tok_1'])).toBeUndefined();
    expect(subprotocolToken(['bits-uploader'])).toBeUndefined();
  });

  it('a loopback server answers only loopback names on its port (DNS rebinding)', () => {
    const rule = { port: 8080, bind: '127.0.0.1' };
    expect(hostAllowed('127.0.0.1:8080', rule)).toBe(true);
    expect(hostAllowed('localhost:8080', rule)).toBe(true);
    expect(hostAllowed('LOCALHOST:8080', rule)).toBe(true);
    expect(hostAllowed('[::1]:8080', rule)).toBe(true);
    expect(hostAllowed('evil.example:8080', rule)).toBe(false);
    expect(hostAllowed('127.0.0.1:8081', rule)).toBe(false);
    expect(hostAllowed('127.0.0.1', rule)).toBe(false);
    expect(hostAllowed('192.168.1.5:8080', rule)).toBe(false);
    expect(hostAllowed(undefined, rule)).toBe(false);
    expect(hostAllowed('localhost:8080@evil', rule)).toBe(false);
  });

  it('a remote server also answers IP literals and its own name, never other names', () => {
    const rule = { port: 9000, bind: '0.0.0.0', names: ['nas.lan'] };
    expect(hostAllowed('192.168.1.5:9000', rule)).toBe(true);
    expect(hostAllowed('[fe80::1]:9000', rule)).toBe(true);
    expect(hostAllowed('nas.lan:9000', rule)).toBe(true);
    expect(hostAllowed('evil.example:9000', rule)).toBe(false);
    expect(hostAllowed('box.lan:9000', { port: 9000, bind: 'box.lan' })).toBe(true);
  });

  it('lets scripts without an Origin through, and only our own page’s origin from a browser', () => {
    expect(originAllowed(undefined, '127.0.0.1:8080', 'http')).toBe(true);
    expect(originAllowed('http://127.0.0.1:8080', '127.0.0.1:8080', 'http')).toBe(true);
    expect(originAllowed('https://127.0.0.1:8080', '127.0.0.1:8080', 'http')).toBe(false);
    expect(originAllowed('http://evil.example', '127.0.0.1:8080', 'http')).toBe(false);
    expect(originAllowed('null', '127.0.0.1:8080', 'http')).toBe(false);
    expect(originAllowed('http://localhost:8080', '127.0.0.1:8080', 'http')).toBe(false);
  });

  it('recognises loopback addresses', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('127.1.2.3')).toBe(true);
    expect(isLoopbackHost('::1')).toBe(true);
    expect(isLoopbackHost('0.0.0.0')).toBe(false);
    expect(isLoopbackHost('10.0.0.1')).toBe(false);
  });

  it('refuses a declared body over the limit, or a length that is not a number', () => {
    expect(declaredTooLarge('100', 100)).toBe(false);
    expect(declaredTooLarge('101', 100)).toBe(true);
    expect(declaredTooLarge('1e9', 100)).toBe(true);
    expect(declaredTooLarge('abc', 100)).toBe(true);
    expect(declaredTooLarge(undefined, 100)).toBe(false);
  });
});
