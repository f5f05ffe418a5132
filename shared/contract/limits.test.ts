import { describe, expect, it } from 'vitest';
import { HeaderSchema } from '../jobs.js';
import { CHANNELS } from './channels.js';
import { AddJobInputSchema, ListQuerySchema, UpdateJobInputSchema } from './core-api.js';
import { LIMITS } from './limits.js';

const base = { filePath: '/tmp/a.bin', url: 'http://s/a.bin' };
const refused = (input: unknown) => AddJobInputSchema.safeParse(input).success === false;

describe('contract bounds: every string a client sends has a size a real user needs, no more', () => {
  it('accepts what real users send', () => {
    expect(
      AddJobInputSchema.safeParse({
        ...base,
        url: `http://s/${'a'.repeat(LIMITS.urlChars - 9)}`,
        filePath: `/${'p'.repeat(LIMITS.pathChars - 1)}`,
        headers: [
          ['X-Tenant', 'blue team'],
          ['Authorization', `Bearer ${'t'.repeat(2000)}`],
        ],
        credentials: { user: 'ann@example.com', password: 'pä ss' },
        type: 'upload-reply',
        replyPath: '/tmp/r.xml',
        caFile: '/etc/ssl/corp.pem',
      }).success,
    ).toBe(true);
  });

  it('refuses over-long URLs, paths, header names and values, user names, passwords and ids', () => {
    expect(refused({ ...base, url: `http://s/${'a'.repeat(LIMITS.urlChars)}` })).toBe(true);
    expect(refused({ ...base, url: `http://s/${'a'.repeat(10 * 1024 * 1024)}` })).toBe(true);
    expect(refused({ ...base, filePath: `/${'p'.repeat(LIMITS.pathChars)}` })).toBe(true);
    expect(refused({ ...base, type: 'upload-reply', replyPath: `/${'r'.repeat(LIMITS.pathChars)}` })).toBe(
      true,
    );
    expect(refused({ ...base, caFile: `/${'c'.repeat(LIMITS.pathChars)}` })).toBe(true);
    expect(refused({ ...base, headers: [['X'.repeat(LIMITS.headerNameChars + 1), 'v']] })).toBe(true);
    expect(refused({ ...base, headers: [['X-A', 'v'.repeat(LIMITS.headerValueChars + 1)]] })).toBe(true);
    // 64 headers of 4 KiB each would be a 256 KiB request head no server accepts.
    const many = Array.from({ length: 8 }, (_, i) => [`X-${i}`, 'v'.repeat(4000)]);
    expect(refused({ ...base, headers: many })).toBe(true);
    expect(refused({ ...base, credentials: { user: 'u'.repeat(LIMITS.userChars + 1), password: '' } })).toBe(
      true,
    );
    expect(
      refused({ ...base, credentials: { user: 'u', password: 'p'.repeat(LIMITS.passwordChars + 1) } }),
    ).toBe(true);
    expect(CHANNELS['jobs:get'].request.safeParse({ id: 'i'.repeat(LIMITS.idChars + 1) }).success).toBe(
      false,
    );
    expect(ListQuerySchema.safeParse({ search: 's'.repeat(LIMITS.searchChars + 1) }).success).toBe(false);
    expect(
      CHANNELS['settings:update'].request.safeParse({ replyFolder: `/${'f'.repeat(LIMITS.pathChars)}` })
        .success,
    ).toBe(false);
  });

  it('refuses CR, LF and NUL where they can never be valid', () => {
    expect(refused({ ...base, url: 'http://s/a\r\nX-Evil: 1' })).toBe(true);
    expect(refused({ ...base, url: 'http://s/a\tb' })).toBe(true);
    expect(refused({ ...base, filePath: '/tmp/a\0b' })).toBe(true);
    expect(refused({ ...base, caFile: '/tmp/c\0' })).toBe(true);
    expect(refused({ ...base, headers: [['X-A', 'b\r\nX-Evil: 1']] })).toBe(true);
    expect(refused({ ...base, headers: [['X-A', 'b\0']] })).toBe(true);
    expect(refused({ ...base, credentials: { user: 'ann\nadmin', password: 'p' } })).toBe(true);
    expect(CHANNELS['jobs:get'].request.safeParse({ id: 'a\nb' }).success).toBe(false);
    expect(ListQuerySchema.safeParse({ search: 'a\0' }).success).toBe(false);
    expect(UpdateJobInputSchema.safeParse({ headers: [['X-A', 'v\n']] }).success).toBe(false);
  });

  it('accepts only RFC 9110 token characters in a header name, so "X-A:b" is never re-split', () => {
    for (const name of ['X-A:b', 'X A', 'X-Ä', 'X(A)', 'X/A', '', 'X\r']) {
      expect(HeaderSchema.safeParse([name, 'c']).success, name).toBe(false);
    }
    for (const name of ['X-Tenant', "x!#$%&'*+.^_`|~09"]) {
      expect(HeaderSchema.safeParse([name, 'c']).success, name).toBe(true);
    }
    expect(refused({ ...base, headers: [['X-A:b', 'c']] })).toBe(true);
  });
});
