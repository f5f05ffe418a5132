import { useEffect } from 'react';
import type { AppPreferences } from '../../../shared/jobs.js';
import { useHost } from '../../stores/app-stores.js';

type Theme = AppPreferences['theme'];
const THEME_KEY = 'bits-uploader.theme';

/** data-theme on <html> forces light or dark (styles.css); without it the OS decides. */
export function applyTheme(root: HTMLElement, theme: Theme): void {
  if (theme === 'system') root.removeAttribute('data-theme');
  else root.setAttribute('data-theme', theme);
}

/** Before the host answers: the theme of the last visit, so the window does not flash. */
export function applyRememberedTheme(root: HTMLElement, storage: Storage | undefined): void {
  const saved = readStorage(storage);
  if (saved === 'light' || saved === 'dark') applyTheme(root, saved);
}

/** Follows the theme setting live (from this window or any other) and remembers it here. */
export function useThemeSetting(root: HTMLElement = document.documentElement, storage?: Storage): void {
  const theme = useHost((state) => state.settings?.app.theme);
  useEffect(() => {
    if (theme === undefined) return;
    applyTheme(root, theme);
    try {
      storage?.setItem(THEME_KEY, theme);
    } catch {
      // Remembering is a nicety: the host keeps the setting.
    }
  }, [root, storage, theme]);
}

function readStorage(storage: Storage | undefined): string | null {
  try {
    return storage?.getItem(THEME_KEY) ?? null;
  } catch {
    return null;
  }
}
