import { describe, expect, it } from 'vitest';
import { commandFor, shortcutLabel } from './shortcuts.js';

const key = (
  k: string,
  mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {},
) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('queue shortcuts', () => {
  it('read the keys of ui.md, with Cmd for Ctrl on a Mac', () => {
    expect(commandFor(key(' '), false)).toBe('toggle-suspend');
    expect(commandFor(key('Delete'), false)).toBe('remove');
    expect(commandFor(key('Delete', { shiftKey: true }), false)).toBe('cancel');
    expect(commandFor(key('r', { ctrlKey: true }), false)).toBe('retry');
    expect(commandFor(key('r', { metaKey: true }), true)).toBe('retry');
    expect(commandFor(key('r', { ctrlKey: true }), true)).toBeUndefined();
    expect(commandFor(key('R', { ctrlKey: true, shiftKey: true }), false)).toBe('reveal');
    expect(commandFor(key('ArrowUp', { altKey: true }), false)).toBe('move-up');
    expect(commandFor(key('ArrowUp'), false)).toBeUndefined();
    expect(commandFor(key('End', { altKey: true }), false)).toBe('move-bottom');
    expect(commandFor(key('Enter'), false)).toBe('details');
    expect(commandFor(key('f', { ctrlKey: true }), false)).toBe('search');
    expect(commandFor(key('F10', { shiftKey: true }), false)).toBe('menu');
    expect(commandFor(key('+', { shiftKey: true }), false)).toBe('priority-up');
    expect(commandFor(key('-'), false)).toBe('priority-down');
    expect(commandFor(key('x'), false)).toBeUndefined();
  });

  it('label the keys for menus and tooltips', () => {
    expect(shortcutLabel('retry', false)).toBe('Ctrl+R');
    expect(shortcutLabel('retry', true)).toBe('⌘R');
    expect(shortcutLabel('move-up', false)).toBe('Alt+↑');
    expect(shortcutLabel('move-up', true)).toBe('⌥↑');
    expect(shortcutLabel('priority-up', false)).toBe('+');
    expect(shortcutLabel('cancel', false)).toBe('Shift+Delete');
  });
});
