import type { Database } from 'better-sqlite3';
import { DEFAULT_SETTINGS, type Settings, SettingsSchema } from '../../shared/jobs.js';
import { type SecretBox, SecretUnreadableError } from './secret-box.js';
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
export function createSettingsRepository(
  db: Database,
  onProblem: StoreProblemHandler,
  box?: SecretBox,
): SettingsRepository {
  const selectAll = db.prepare('SELECT key, value_json FROM settings');
  const upsert = db.prepare(
    'INSERT INTO settings (key, value_json) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json',
  );
  const saveAll = db.transaction((settings: Settings) => {
    for (const key of KEYS) upsert.run(key, JSON.stringify(storedValue(key, settings[key], box)));
  });
  // A proxy URL with its password saved as typed by an earlier version: seal it now.
  const proxyRow = db.prepare("SELECT value_json FROM settings WHERE key = 'proxy'").get() as
    | { value_json: string }
    | undefined;
  if (proxyRow && box?.available && !proxyRow.value_json.includes('sealedProxy')) {
    const value = readValue('proxy', proxyRow.value_json, box);
    if (typeof value === 'string' && value.includes('@')) {
      upsert.run('proxy', JSON.stringify(storedValue('proxy', value, box)));
      if (db.pragma('journal_mode', { simple: true }) === 'wal') db.pragma('wal_checkpoint(TRUNCATE)');
    }
  }

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
        const value = readValue(key, text, box);
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

/** Where a proxy URL's password is sealed (the associated data of its envelope). */
const PROXY_SLOT = 'settings\u0000proxy';

/** A proxy URL with credentials is sealed whole; everything else is stored as it is. */
function storedValue(key: Key, value: unknown, box: SecretBox | undefined): unknown {
  if (key !== 'proxy' || typeof value !== 'string' || !value.includes('@') || !box?.available) return value;
  return { sealedProxy: box.seal(value, PROXY_SLOT) };
}

function readValue(key: Key, text: string, box?: SecretBox): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (key === 'proxy' && isPlainObject(value) && typeof value.sealedProxy === 'string') {
    try {
      value = box ? box.open(value.sealedProxy, PROXY_SLOT) : undefined;
    } catch (error) {
      if (error instanceof SecretUnreadableError) return undefined;
      throw error;
    }
  }
  // A nested group (retry) saved by an older version may lack newer members: fill them in.
  const fallback: unknown = DEFAULT_SETTINGS[key];
  if (isPlainObject(fallback) && isPlainObject(value)) value = { ...fallback, ...value };
  const parsed = SettingsSchema.shape[key].safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
