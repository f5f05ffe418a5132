import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { InterruptedError } from './interrupt-gate.js';
import { confirm, promptPassword } from './password-prompt.js';

class FakeTty extends EventEmitter {
  isRaw = false;
  readonly modes: boolean[] = [];
  paused = true;
  setRawMode(raw: boolean) {
    this.isRaw = raw;
    this.modes.push(raw);
  }
  setEncoding() {}
  resume() {
    this.paused = false;
  }
  pause() {
    this.paused = true;
  }
  type(text: string) {
    this.emit('data', text);
  }
}

function prompt() {
  const input = new FakeTty();
  const written: string[] = [];
  const result = promptPassword('Password for ann: ', input, { write: (text: string) => written.push(text) });
  return { input, written, result };
}

describe('promptPassword', () => {
  it('reads a line without echoing it, then restores the terminal', async () => {
    const { input, written, result } = prompt();
    input.type('s3');
    input.type('cr:et\r');
    expect(await result).toBe('s3cr:et');
    expect(written).toEqual(['Password for ann: ', '\n']);
    expect(input.modes).toEqual([true, false]);
    expect(input.paused).toBe(true);
    expect(input.listenerCount('data')).toBe(0);
  });

  it('handles backspace and ignores other control characters', async () => {
    const { input, result } = prompt();
    input.type('abx\u007fc\u001b\n');
    expect(await result).toBe('abc');
  });

  it('turns Ctrl-C into an interruption', async () => {
    const { input, result } = prompt();
    input.type('ab\u0003');
    await expect(result).rejects.toBeInstanceOf(InterruptedError);
    expect(input.isRaw).toBe(false);
  });
});

describe('confirm', () => {
  const ask = (typed: string) => {
    const input = new FakeTty();
    const written: string[] = [];
    const result = confirm('Replace it?', input, { write: (text: string) => written.push(text) });
    input.type(typed);
    return { input, written, result };
  };

  it('takes y or yes (any case) as yes, echoing what is typed', async () => {
    const { written, result, input } = ask('Yes\r');
    expect(await result).toBe(true);
    expect(written.join('')).toBe('Replace it? [y/N] Yes\n');
    expect(input.modes).toEqual([true, false]);
    expect(await ask('y\n').result).toBe(true);
  });

  it('takes anything else, an empty answer included, as no; Ctrl-C interrupts', async () => {
    expect(await ask('\r').result).toBe(false);
    expect(await ask('no\r').result).toBe(false);
    expect(await ask('yy\r').result).toBe(false);
    await expect(ask('\u0003').result).rejects.toBeInstanceOf(InterruptedError);
  });
});
