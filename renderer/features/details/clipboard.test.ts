import { afterEach, describe, expect, it, vi } from 'vitest';
import { copyText } from './clipboard.js';

describe('copyText', () => {
  const setClipboard = (value: unknown) =>
    Object.defineProperty(navigator, 'clipboard', { value, configurable: true });
  afterEach(() => {
    Reflect.deleteProperty(navigator, 'clipboard');
    Reflect.deleteProperty(document, 'execCommand');
  });

  it('uses the Clipboard API when the page may', async () => {
    const writeText = vi.fn(async () => {});
    setClipboard({ writeText });
    expect(await copyText('hello')).toBe(true);
    expect(writeText).toHaveBeenCalledWith('hello');
  });

  it('falls back to a selected textarea and execCommand when the Clipboard API refuses, and cleans up', async () => {
    setClipboard({
      writeText: async () => {
        throw new DOMException('denied', 'NotAllowedError');
      },
    });
    let selected = '';
    const exec = vi.fn(() => {
      selected = (document.activeElement as HTMLTextAreaElement | null)?.value ?? '';
      return true;
    });
    Object.defineProperty(document, 'execCommand', { value: exec, configurable: true });
    expect(await copyText('line 1\nline 2')).toBe(true);
    expect(exec).toHaveBeenCalledWith('copy');
    expect(selected).toBe('line 1\nline 2');
    expect(document.querySelector('textarea')).toBeNull();
  });

  it('says false when nothing can copy, so the text is offered by hand', async () => {
    setClipboard(undefined);
    Object.defineProperty(document, 'execCommand', { value: () => false, configurable: true });
    expect(await copyText('x')).toBe(false);
  });
});
