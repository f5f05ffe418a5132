import type { Database } from 'better-sqlite3';
import { DEFAULT_SETTINGS, type Settings, SettingsSchema } from '../../shared/jobs.js';
import type { StoreProblemHandler } from './store-problem.js';

export interface SettingsRepository {
  getSettings(): Settings;
  saveSettings(settings: Settings): void;
}

type Key = keyof Settings;
const KEYS = Object.keys(SettingsSchema.shape) as Key[];

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/*
 * One row per top-level key, so a setting added in a later version takes its default without a
 * migration and one unreadable value costs only itself, not the user's other choices.
 */
export function createSettingsRepository(db: Database, onProblem: StoreProblemHandler): SettingsRepository {
  const selectAll = db.prepare('SELECT key, value_json FROM settings');
  const upsert = db.prepare(
    'INSERT INTO settings (key, value_json) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json',
  );
  const saveAll = db.transaction((settings: Settings) => {
    for (const key of KEYS) upsert.run(key, JSON.stringify(settings[key]));
  });

  return {
    getSettings() {
      const stored = new Map(
        (selectAll.all() as Array<{ key: string; value_json: string }>).map((row) => [
          row.key,
          row.value_json,
        ]),
      );
      const result: Record<string, unknown> = structuredClone(DEFAULT_SETTINGS);
      for (const key of KEYS) {
        const text = stored.get(key);
        if (text === undefined) continue;
        const value = readValue(key, text);
        if (value === undefined) {
          onProblem({ table: 'settings', key, fields: [key], action: 'default-used' });
        } else {
          result[key] = value;
        }
      }
      // Each value passed its own schema; this only guards against cross-field rules added later.
      const whole = SettingsSchema.safeParse(result);
      return whole.success ? whole.data : structuredClone(DEFAULT_SETTINGS);
    },

    saveSettings(settings) {
      saveAll(SettingsSchema.parse(settings));
    },
  };
}

function readValue(key: Key, text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  // A nested group (retry) saved by an older version may lack newer members: fill them in.
  const fallback: unknown = DEFAULT_SETTINGS[key];
  if (isPlainObject(fallback) && isPlainObject(value)) value = { ...fallback, ...value };
  const parsed = SettingsSchema.shape[key].safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
