import { describe, expect, it, onTestFinished } from 'vitest';
import { PacCache } from './pac-cache.js';
import { compilePac } from './pac-evaluator.js';
import { PacError } from './pac-script.js';

const script = (answer: string) => `function FindProxyForURL(url, host) { return "${answer}"; }`;
const target = new URL('http://intake.example.test/up/a.bin');

describe('PacCache', () => {
  it('reads a file once, again only after refresh(), and keeps the copy it had when that read fails', async () => {
    const reads: string[] = [];
    let next: () => string = () => script('PROXY a.corp:3128');
    const cache = new PacCache(async (location) => {
      reads.push(location);
      return next();
    });
    onTestFinished(() => cache.close());
    expect(await (await cache.get('corp.pac'))(target)).toBe('PROXY a.corp:3128');
    expect(await (await cache.get('corp.pac'))(target)).toBe('PROXY a.corp:3128');
    expect(reads).toHaveLength(1);

    cache.refresh('corp.pac');
    next = () => {
      throw new PacError('corp.pac', 'The PAC file corp.pac could not be fetched (ECONNREFUSED).');
    };
    expect(await (await cache.get('corp.pac'))(target)).toBe('PROXY a.corp:3128');
    cache.refresh('corp.pac');
    next = () => 'function FindProxyForURL( {';
    expect(await (await cache.get('corp.pac'))(target)).toBe('PROXY a.corp:3128');
    cache.refresh('corp.pac');
    next = () => script('PROXY b.corp:8080');
    expect(await (await cache.get('corp.pac'))(target)).toBe('PROXY b.corp:8080');
    expect(reads).toHaveLength(4);
  });

  it('a first read that fails is an error each time (nothing to fall back on), and is tried again', async () => {
    let calls = 0;
    const cache = new PacCache(async () => {
      calls++;
      throw new PacError('gone.pac', 'The PAC file gone.pac cannot be read (ENOENT).');
    });
    await expect(cache.get('gone.pac')).rejects.toThrow('gone.pac cannot be read');
    await expect(cache.get('gone.pac')).rejects.toThrow('gone.pac cannot be read');
    expect(calls).toBe(2);
  });
});

describe('compilePac', () => {
  it('stops a script that never returns, naming the file', async () => {
    const pac = await compilePac('function FindProxyForURL(u, h) { while (true) {} }', 'loop.pac', 50);
    onTestFinished(() => pac.dispose());
    await expect(pac.find(target)).rejects.toThrow(
      'The PAC file loop.pac failed for intake.example.test (it ran longer than 0.05 s)',
    );
  });

  it('a script without FindProxyForURL is refused as not valid', async () => {
    await expect(compilePac('var proxy = "PROXY a:1";', 'empty.pac')).rejects.toThrow(
      /The PAC file empty.pac is not a valid script/,
    );
  });
});
