import { SettingsPatchSchema } from '../../shared/contract/core-api.js';
import { DEFAULT_SETTINGS, type Settings, SettingsSchema } from '../../shared/jobs.js';
import { REDACTED } from '../../shared/redact.js';
import { UsageError } from './args.js';
import type { CliIo } from './cli-io.js';
import { EXIT } from './exit-codes.js';
import { openInstance } from './instance.js';
import { reportCoreError } from './jobs-command.js';
import type { SettingsCommand } from './remote-args.js';

/** `settings get` / `settings set key=value...` (retry.minDelayMs=... reaches a nested value). */
export async function runSettings(command: SettingsCommand, io: CliIo): Promise<number> {
  const patch = command.verb === 'set' ? buildPatch(command.assignments) : undefined;
  let core: Awaited<ReturnType<typeof openInstance>>['core'];
  try {
    core = (await openInstance(command.dataDir, io)).core;
  } catch (error) {
    return reportCoreError(error, io);
  }
  try {
    const settings = shownSettings(
      patch ? await core.commands.updateSettings(patch) : await core.queries.settings(),
    );
    io.stdout.write(command.json ? `${JSON.stringify(settings)}\n` : renderSettings(settings));
    return EXIT.ok;
  } catch (error) {
    return reportCoreError(error, io);
  } finally {
    await core.close();
  }
}

/**
 * The settings as printed: a proxy URL's password is replaced (the user name stays, so it is
 * clear which account is set). Terminals are scrolled back, logged and shared; a password that was
 * set is never shown again, as with saved destinations. `settings set proxy=...` replaces it.
 */
export function shownSettings(settings: Settings): Settings {
  return { ...settings, proxy: withoutPassword(settings.proxy) };
}

function withoutPassword(proxy: string): string {
  let url: URL;
  try {
    url = new URL(proxy);
  } catch {
    return proxy; // '' or 'direct'
  }
  if (!url.password) return proxy;
  // Cut by hand rather than print url.href: that would re-encode the user name and add a "/".
  const start = proxy.indexOf('//') + 2;
  const authorityEnd = proxy.indexOf('/', start);
  const at = proxy.lastIndexOf('@', authorityEnd === -1 ? proxy.length : authorityEnd);
  const user = proxy.slice(start, at).split(':')[0];
  return `${proxy.slice(0, start)}${user}:${REDACTED}${proxy.slice(at)}`;
}

/** key=value lines, nested groups as group.key, lists as the JSON `settings set` takes. */
export function renderSettings(settings: Record<string, unknown>, prefix = ''): string {
  return Object.entries(settings)
    .map(([key, value]) =>
      typeof value === 'object' && value !== null && !Array.isArray(value)
        ? renderSettings(value as Record<string, unknown>, `${prefix}${key}.`)
        : `${prefix}${key}=${Array.isArray(value) ? JSON.stringify(value) : String(value)}\n`,
    )
    .join('');
}

/** A typed value as the default of the setting has it: a number, true/false, JSON for a list, else text. */
function settingValue(key: string, top: string, nested: string | undefined, raw: string): unknown {
  const group = (DEFAULT_SETTINGS as Record<string, unknown>)[top];
  const example = nested === undefined ? group : (group as Record<string, unknown> | undefined)?.[nested];
  if (typeof example === 'number') {
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value)) {
      throw new UsageError(`${key} needs a number, not "${raw}".`, 'settings');
    }
    return value;
  }
  if (typeof example === 'boolean') {
    if (raw !== 'true' && raw !== 'false')
      throw new UsageError(`${key} is true or false, not "${raw}".`, 'settings');
    return raw === 'true';
  }
  if (Array.isArray(example)) {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      throw new UsageError(`${key} needs a JSON list, like []`, 'settings');
    }
  }
  return raw;
}

/** key=value pairs as a settings patch: numbers for number settings, text otherwise; checked here. */
export function buildPatch(assignments: Array<[string, string]>): Record<string, unknown> {
  const shape = SettingsSchema.shape as Record<string, unknown>;
  const patch: Record<string, unknown> = {};
  for (const [key, raw] of assignments) {
    const [top, nested, ...extra] = key.split('.');
    if (!top || !Object.hasOwn(shape, top) || extra.length > 0) {
      throw new UsageError(`unknown setting "${key}" (settings get lists them).`, 'settings');
    }
    const value = settingValue(key, top, nested, raw);
    if (nested === undefined) patch[top] = value;
    else patch[top] = { ...((patch[top] as Record<string, unknown>) ?? {}), [nested]: value };
  }
  const checked = SettingsPatchSchema.safeParse(patch);
  if (!checked.success) {
    throw new UsageError(
      checked.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '),
      'settings',
    );
  }
  return patch;
}
