import { SettingsPatchSchema } from '../../shared/contract/core-api.js';
import { DEFAULT_SETTINGS, SettingsSchema } from '../../shared/jobs.js';
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
    const settings = patch ? await core.commands.updateSettings(patch) : await core.queries.settings();
    io.stdout.write(command.json ? `${JSON.stringify(settings)}\n` : renderSettings(settings));
    return EXIT.ok;
  } catch (error) {
    return reportCoreError(error, io);
  } finally {
    await core.close();
  }
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
