import { describe, expect, it } from 'vitest';
import { FakeClock } from '../bits/testing/fake-clock.js';
import { makeJob } from './testing/fake-core.js';
import { TtyReporter } from './tty-reporter.js';

describe('TtyReporter', () => {
  it('prints messages above the live line and redraws it', () => {
    const written: string[] = [];
    const reporter = new TtyReporter(
      { write: (text) => void written.push(text), isTTY: true, columns: 60 },
      new FakeClock(),
    );
    reporter.started(makeJob({ state: 'connecting', filePath: '/d/a.bin' }));
    reporter.warning('careful');
    expect(written.join('')).toBe(
      'Uploading /d/a.bin (4.0 KiB) to http://server.example/up/file.bin\n' +
        '\rConnecting  ░░░░░░░░░░░░░░░░░░░░░░░░░░    0%  0 B / 4.0 KiB\x1b[K' +
        '\r\x1b[KWarning: careful\n' +
        '\rConnecting  ░░░░░░░░░░░░░░░░░░░░░░░░░░    0%  0 B / 4.0 KiB\x1b[K',
    );
    reporter.interrupted(makeJob({ bytesAcked: 1024 }));
    expect(written.at(-2)).toBe('\n');
    expect(written.at(-1)).toBe(
      'Interrupted. Run the same command again to resume (the server has 1.0 KiB of 4.0 KiB).\n',
    );
  });
});
