import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * The desktop app's own choices as main uses them. They live in the core's settings (`app`,
 * core-preferences.ts) so the Settings view and the tray share them; this file's schema also
 * reads the desktop-preferences.json of earlier versions once, to carry it over.
 */
export const DesktopPreferencesSchema = z.object({
  /** What closing the window does; 'ask' until the user has answered once. */
  closeToTray: z.enum(['ask', 'tray', 'quit']).default('ask'),
  notify: z
    .object({
      finished: z.boolean().default(true),
      failed: z.boolean().default(true),
      replyReady: z.boolean().default(true),
    })
    .default({ finished: true, failed: true, replyReady: true }),
});
export type DesktopPreferences = z.infer<typeof DesktopPreferencesSchema>;

export const PREFERENCES_FILE = 'desktop-preferences.json';

export interface LoadedPreferences {
  preferences: DesktopPreferences;
  /** Set when the file was there but unreadable: defaults are used, and the user is told. */
  problem?: string;
}

export function loadPreferences(dataDir: string): LoadedPreferences {
  const file = path.join(dataDir, PREFERENCES_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { preferences: DesktopPreferencesSchema.parse({}) };
  }
  try {
    return { preferences: DesktopPreferencesSchema.parse(JSON.parse(text)) };
  } catch (error) {
    return {
      preferences: DesktopPreferencesSchema.parse({}),
      problem: `The desktop preferences in ${file} could not be read (${(error as Error).message.slice(0, 200)}); the defaults are used until you change one.`,
    };
  }
}

/** A tray toggle ('notify.finished', 'closeToTray') applied to the preferences. */
export function togglePreference(preferences: DesktopPreferences, key: string): DesktopPreferences {
  switch (key) {
    case 'notify.finished':
    case 'notify.failed':
    case 'notify.replyReady': {
      const name = key.slice('notify.'.length) as keyof DesktopPreferences['notify'];
      return { ...preferences, notify: { ...preferences.notify, [name]: !preferences.notify[name] } };
    }
    case 'closeToTray':
      return { ...preferences, closeToTray: preferences.closeToTray === 'tray' ? 'quit' : 'tray' };
    default:
      return preferences;
  }
}

export interface PreferenceStore {
  get(): DesktopPreferences;
  set(next: DesktopPreferences): void;
  /** Why the saved file could not be used, if it could not. */
  readonly problem: string | undefined;
}
