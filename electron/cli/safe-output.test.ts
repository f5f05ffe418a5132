import { describe, expect, it } from 'vitest';
import { FakeClock } from '../bits/testing/fake-clock.js';
import { guardOutput } from './safe-output.js';
import { makeJob } from './testing/fake-core.js';
import { TtyReporter } from './tty-reporter.js';

function capture(isTTY = false) {
  const written: string[] = [];
  return { stream: { write: (text: string) => void written.push(text), isTTY, columns: 70 }, written };
}

describe('guardOutput', () => {
  it('escapes control characters in text, keeping line feeds', () => {
    const { stream, written } = capture();
    guardOutput(stream).write('a\x1b]0;title\x07\x9b\u202e b\n');
    expect(written.join('')).toBe('a\\x1b]0;title\\x07\\x9b\\u202e b\n');
  });

  it('passes only the CLI’s own redraw sequences unchanged', () => {
    const { stream, written } = capture(true);
    const reporter = new TtyReporter(guardOutput(stream), new FakeClock());
    reporter.started(makeJob({ state: 'connecting', filePath: '/d/\x1b[31mred.bin' }));
    reporter.warning('server said \x1b[2J');
    const screen = written.join('');
    expect(screen).toContain('Uploading /d/\\x1b[31mred.bin');
    expect(screen).toContain('Warning: server said \\x1b[2J\n');
    expect(screen.replaceAll('\x1b[K', '').replaceAll('\r', '')).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
    expect(screen).toContain('\r');
    expect(screen).toContain('\x1b[K');
  });
});
