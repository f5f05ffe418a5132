import { describe, expect, it } from 'vitest';
import { encodeFileName, fileUrlFor, isFolderUrl } from './destination-url.js';

describe('fileUrlFor: a destination folder URL and a file name give the file’s URL', () => {
  it('appends the percent-encoded file name to a folder URL', () => {
    expect(fileUrlFor('https://h.example/up/', 'dump.dmp')).toBe('https://h.example/up/dump.dmp');
    expect(fileUrlFor('https://h.example/up/', 'my report #1 (final).txt')).toBe(
      'https://h.example/up/my%20report%20%231%20%28final%29.txt',
    );
    expect(fileUrlFor('http://127.0.0.1:8080/', 'ä€.bin')).toBe('http://127.0.0.1:8080/%C3%A4%E2%82%AC.bin');
  });

  it('keeps a folder URL’s query after the added name', () => {
    expect(fileUrlFor('https://h.example/up/?tenant=blue', 'a.bin')).toBe(
      'https://h.example/up/a.bin?tenant=blue',
    );
  });

  it('treats a URL that does not end in "/" as one file’s URL, whatever the file is called', () => {
    expect(fileUrlFor('https://h.example/up/fixed.bin', 'other.txt')).toBe('https://h.example/up/fixed.bin');
    expect(isFolderUrl('https://h.example/up')).toBe(false);
    expect(isFolderUrl('https://h.example')).toBe(true);
  });

  it('never lets a name climb out of the folder or add a segment', () => {
    expect(() => fileUrlFor('https://h.example/up/', '..')).toThrow(/not a file name/);
    expect(() => fileUrlFor('https://h.example/up/', '.')).toThrow(/not a file name/);
    expect(fileUrlFor('https://h.example/up/', '...')).toBe('https://h.example/up/...');
    expect(fileUrlFor('https://h.example/up/', '..a')).toBe('https://h.example/up/..a');
    expect(fileUrlFor('https://h.example/up/', '%2e%2e')).toBe('https://h.example/up/%252e%252e');
    expect(() => encodeFileName('a/b')).toThrow(TypeError);
    expect(() => encodeFileName('a\\b')).toThrow(TypeError);
    expect(() => encodeFileName('')).toThrow(TypeError);
    expect(() => encodeFileName('a\0b')).toThrow(TypeError);
  });

  it('refuses a destination that is not a URL', () => {
    expect(() => fileUrlFor('not a url', 'a.bin')).toThrow(/not a valid URL/);
  });
});
