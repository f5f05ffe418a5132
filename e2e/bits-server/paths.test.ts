import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isReplyPath, parseUrlPath, replyUrl, resolveUnderRoot, sessionFiles } from './paths.js';

describe('parseUrlPath', () => {
  it('decodes origin-form and absolute-form targets without the query', () => {
    expect(parseUrlPath('/up/a%20b.bin?x=1')).toEqual({
      raw: '/up/a%20b.bin',
      segments: ['up', 'a b.bin'],
      decoded: '/up/a b.bin',
    });
    expect(parseUrlPath('http://host:8080/up/a.bin')?.decoded).toBe('/up/a.bin');
    expect(parseUrlPath('/up//a.bin')?.segments).toEqual(['up', 'a.bin']);
    expect(parseUrlPath('/up/')?.segments).toEqual(['up', '']);
  });

  it('refuses anything that could leave the root', () => {
    for (const target of [
      '/../x',
      '/a/./b',
      '/a/%2E%2E/b',
      '/a\\b',
      '/a%5Cb',
      '/a%00',
      '/a%2fb',
      '/a%zz',
      '*',
      'up/a',
    ]) {
      expect(parseUrlPath(target), target).toBeUndefined();
    }
  });
});

describe('session layout and reply URLs', () => {
  const id = '{C85B4E0A-9EB9-4114-BFA4-8A43B4710091}';

  it('puts session files in a BITS-Sessions folder beside the upload, like IIS', () => {
    const files = sessionFiles('/srv', ['up', 'a.bin'], id);
    expect(files.destination).toBe(path.join('/srv', 'up', 'a.bin'));
    expect(files.tempPath).toBe(path.join('/srv', 'up', 'BITS-Sessions', 'Requests', id, 'requestfile.bin'));
    expect(files.replyPath).toBe(path.join('/srv', 'up', 'BITS-Sessions', 'Replies', id, 'responsefile.bin'));
    expect(isReplyPath(['up', 'BITS-Sessions', 'Replies', id, 'responsefile.bin'])).toBe(true);
    expect(isReplyPath(['up', 'bits-sessions', 'replies'])).toBe(false);
    expect(() => resolveUnderRoot('/srv', ['..'])).toThrow();
  });

  it('builds the three reply URL styles', () => {
    expect(replyUrl('iis-relative', id, 'http://h', '/up/a.bin')).toBe(
      `BITS-Sessions\\Replies\\${id}\\responsefile.bin`,
    );
    expect(replyUrl('relative', id, 'http://h', '/up/a.bin')).toBe(
      'BITS-Sessions/Replies/%7BC85B4E0A-9EB9-4114-BFA4-8A43B4710091%7D/responsefile.bin',
    );
    expect(replyUrl('absolute', id, 'http://h:1', '/up/sub/a.bin')).toBe(
      'http://h:1/up/sub/BITS-Sessions/Replies/%7BC85B4E0A-9EB9-4114-BFA4-8A43B4710091%7D/responsefile.bin',
    );
  });
});
