import { describe, expect, it } from 'vitest';
import { parsePastedPaths } from './paste-paths.js';

describe('parsePastedPaths', () => {
  it('reads one path per line: plain, quoted, or file:// URLs (percent-decoded)', () => {
    const text = [
      '/srv/out/dump one.dmp',
      '  "/srv/out/quoted name.bin"  ',
      "'/srv/out/single.bin'",
      'file:///home/ann/Q3%20report.pdf',
      'file://localhost/home/ann/local.txt',
      '',
      '"C:\\Users\\ann\\report.docx"',
      'file:///C:/Users/ann/photo%231.jpg',
      'file://fileserver/share/logs.zip',
      '\\\\nas\\drop\\video.mp4',
    ].join('\r\n');
    expect(parsePastedPaths(text)).toEqual([
      '/srv/out/dump one.dmp',
      '/srv/out/quoted name.bin',
      '/srv/out/single.bin',
      '/home/ann/Q3 report.pdf',
      '/home/ann/local.txt',
      'C:\\Users\\ann\\report.docx',
      'C:\\Users\\ann\\photo#1.jpg',
      '\\\\fileserver\\share\\logs.zip',
      '\\\\nas\\drop\\video.mp4',
    ]);
  });

  it('drops what is not an absolute path (prose, web URLs, relative paths, broken escapes) and repeats', () => {
    expect(
      parsePastedPaths(
        'hello world\nhttps://example.com/a.bin\nrelative/file.txt\nfile:///bad%zz\n/a\n/a\n"unclosed',
      ),
    ).toEqual(['/a']);
  });
});
