import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** The desktop app's own choices (not the core's settings): they mean nothing to `serve` or the CLI. */
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

/** Written to a temporary file and renamed, so a crash never leaves half a file. */
export function savePreferences(dataDir: string, preferences: DesktopPreferences): void {
  const file = path.join(dataDir, PREFERENCES_FILE);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(preferences, null, 2)}\n`, { mode: 0o600 });
  renameSync(temp, file);
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

/** The preferences of one data folder, kept in memory and written on every change. */
export function preferenceStore(dataDir: string): PreferenceStore {
  const loaded = loadPreferences(dataDir);
  let current = loaded.preferences;
  return {
    get: () => current,
    set(next) {
      current = next;
      savePreferences(dataDir, next);
    },
    problem: loaded.problem,
  };
}
