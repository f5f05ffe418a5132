import { describe, expect, it } from 'vitest';
import { escapeControl, escapeControlKeepingLines, hasControl, toDisplayJson } from './display-text.js';

describe('escapeControl', () => {
  it('shows terminal escapes visibly instead of letting them act', () => {
    expect(escapeControl('Oops \x1b]0;pwned\x07\x1b[31mred')).toBe('Oops \\x1b]0;pwned\\x07\\x1b[31mred');
  });

  it('escapes every C0 control, DEL and every C1 control', () => {
    for (let code = 0; code <= 0x1f; code++) expect(hasControl(String.fromCharCode(code))).toBe(true);
    expect(escapeControl('a\x7fb')).toBe('a\\x7fb');
    expect(escapeControl('\x80\x9b31m\x9f')).toBe('\\x80\\x9b31m\\x9f');
    expect(escapeControl('\x00')).toBe('\\x00');
  });

  it('names line breaks and tabs, so a server message stays on one line', () => {
    expect(escapeControl('one\r\ntwo\tthree')).toBe('one\\r\\ntwo\\tthree');
  });

  it('escapes bidi embeddings, overrides and isolates', () => {
    expect(escapeControl('file\u202Etxt.exe')).toBe('file\\u202etxt.exe');
    for (const code of [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]) {
      expect(escapeControl(String.fromCodePoint(code))).toBe(`\\u${code.toString(16)}`);
    }
  });

  it('leaves ordinary text alone: accents, CJK, emoji, Windows paths, no-break space', () => {
    const text = 'Café 報告書 🚀 C:\\Users\\ann\\dump.dmp \u00a0 ÿ';
    expect(escapeControl(text)).toBe(text);
    expect(hasControl(text)).toBe(false);
  });

  it('keeps line feeds only in the variant meant for whole output blocks', () => {
    expect(escapeControlKeepingLines('a\nb\x1b[2J\r')).toBe('a\nb\\x1b[2J\\r');
  });
});

describe('toDisplayJson', () => {
  it('writes no raw control character and parses back to the same value', () => {
    const value = { message: 'x\x1b[31m\x7f\x9b\u202e\u2066 y\n' };
    const json = toDisplayJson(value);
    expect(hasControl(json)).toBe(false);
    expect(JSON.parse(json)).toEqual(value);
  });
});
