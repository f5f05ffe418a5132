/** What a key does in the queue (ui.md "Keyboard"); menus and tooltips show the same keys. */
export type QueueCommand =
  | 'toggle-suspend'
  | 'cancel'
  | 'retry'
  | 'complete'
  | 'remove'
  | 'reveal'
  | 'move-up'
  | 'move-down'
  | 'move-top'
  | 'move-bottom'
  | 'priority-up'
  | 'priority-down'
  | 'details'
  | 'menu'
  | 'search'
  | 'suspend-all'
  | 'resume-all';

/** The keys, `Mod` being Ctrl (Cmd on a Mac); the first chord of each is the one shown. */
const KEYS: Record<QueueCommand, string[]> = {
  'toggle-suspend': ['Space'],
  cancel: ['Shift+Delete'],
  retry: ['Mod+R'],
  complete: ['Mod+Enter'],
  remove: ['Delete', 'Mod+Backspace'],
  reveal: ['Mod+Shift+R'],
  'move-up': ['Alt+ArrowUp'],
  'move-down': ['Alt+ArrowDown'],
  'move-top': ['Alt+Home'],
  'move-bottom': ['Alt+End'],
  'priority-up': ['+', '='],
  'priority-down': ['-'],
  details: ['Enter'],
  menu: ['ContextMenu', 'Shift+F10'],
  search: ['Mod+F'],
  'suspend-all': ['Mod+Shift+S'],
  'resume-all': ['Mod+Shift+E'],
};

export const isMac = (): boolean =>
  typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

const MAC_NAMES: Record<string, string> = { Mod: '⌘', Shift: '⇧', Alt: '⌥' };
const KEY_NAMES: Record<string, string> = {
  ArrowUp: '↑',
  ArrowDown: '↓',
  ContextMenu: 'Menu',
};

/** "Ctrl+R", "Alt+↑", or on a Mac "⌘R", "⌥↑": for menus and tooltips. */
export function shortcutLabel(command: QueueCommand, mac = isMac()): string {
  const parts = KEYS[command]
    [0]!.split('+')
    .filter((part, index, all) => part !== '' || index === all.length - 1);
  const keys = parts.map((part) => {
    if (part === '') return '+';
    if (mac && MAC_NAMES[part]) return MAC_NAMES[part];
    if (part === 'Mod') return 'Ctrl';
    return KEY_NAMES[part] ?? part;
  });
  return mac ? keys.join('') : keys.join('+');
}

interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/** The command a key press means, or undefined. */
export function commandFor(event: KeyLike, mac = isMac()): QueueCommand | undefined {
  const mod = mac ? event.metaKey : event.ctrlKey;
  const key = event.key === ' ' ? 'Space' : event.key.length === 1 ? event.key.toUpperCase() : event.key;
  for (const [command, chords] of Object.entries(KEYS) as Array<[QueueCommand, string[]]>) {
    for (const chord of chords) {
      const parts = chord === '+' ? ['+'] : chord.split('+');
      const wanted = parts.at(-1)!.toUpperCase();
      const needs = new Set(parts.slice(0, -1));
      // Shift is part of typing '+' itself on most layouts: single characters ignore it.
      const shiftMatters = !(wanted.length === 1 && !needs.has('Shift') && !/[A-Z]/.test(wanted));
      if (key.toUpperCase() !== wanted) continue;
      if (needs.has('Mod') !== mod) continue;
      if (needs.has('Alt') !== event.altKey) continue;
      if (shiftMatters && needs.has('Shift') !== event.shiftKey) continue;
      // The other platform's modifier must not be down (Ctrl+R on a Mac is not ⌘R).
      if ((mac ? event.ctrlKey : event.metaKey) && !needs.has('Mod')) continue;
      return command;
    }
  }
  return undefined;
}
