import { useCallback, useRef, useState } from 'react';
import type { SettingsPatch } from '../../../shared/contract/core-api.js';
import type { Settings } from '../../../shared/jobs.js';
import { toTransportError } from '../../lib/transport/transport-error.js';
import { useStores } from '../../stores/app-stores.js';

export type FieldStatus =
  | { state: 'saving' }
  | { state: 'saved' }
  | { state: 'error'; message: string; hint?: string };

export interface SettingsSaver {
  /** Per field (its id): saving, saved, or why not. */
  status: Readonly<Record<string, FieldStatus>>;
  /** The last thing that happened, for the view's status line ("Saved", "Not saved: …"). */
  last: { field: string; label: string; status: FieldStatus } | undefined;
  /**
   * Sends one field's change (settings:update); resolves false when the host refused it.
   * `shownAtOnce`: a choice (box, radio, list) shows as made until the host answers.
   */
  save(field: string, label: string, patch: SettingsPatch, shownAtOnce?: boolean): Promise<boolean>;
  /** A value the window itself can tell is wrong (not sent). */
  refuse(field: string, label: string, message: string): void;
  /** The field is back to a value the host has: its old error goes. */
  clear(field: string): void;
}

/**
 * Saves settings a field at a time, as the user leaves or changes it (no Save button), and keeps
 * what the host answered per field, so an error shows at the field that caused it.
 */
export function useSettingsSaver(): SettingsSaver {
  const { transport, host } = useStores();
  const [status, setStatus] = useState<Record<string, FieldStatus>>({});
  const [last, setLast] = useState<SettingsSaver['last']>();
  const runs = useRef(new Map<string, number>());
  const put = useCallback((field: string, label: string, next: FieldStatus) => {
    setStatus((current) => ({ ...current, [field]: next }));
    setLast({ field, label, status: next });
  }, []);

  const save = useCallback(
    async (field: string, label: string, patch: SettingsPatch, shownAtOnce = false) => {
      const run = (runs.current.get(field) ?? 0) + 1;
      runs.current.set(field, run);
      put(field, label, { state: 'saving' });
      // Shown at once (a ticked box stays ticked, a theme applies); the host's answer then replaces it.
      const before = shownAtOnce ? host.getState().settings : undefined;
      if (before) host.setState({ settings: merged(before, patch) });
      try {
        const settings = await transport.invoke('settings:update', patch);
        host.setState({ settings });
        if (runs.current.get(field) === run) put(field, label, { state: 'saved' });
        return true;
      } catch (error) {
        const problem = toTransportError(error, 'The change was not saved');
        if (before) {
          // Back to what the host has (it may have changed meanwhile: ask it).
          host.setState({ settings: before });
          transport.invoke('settings:get', {}).then(
            (settings) => host.setState({ settings }),
            () => {},
          );
        }
        if (runs.current.get(field) === run) {
          put(field, label, {
            state: 'error',
            message: withoutPath(problem.message),
            ...(problem.hint ? { hint: problem.hint } : {}),
          });
        }
        return false;
      }
    },
    [transport, host, put],
  );
  const refuse = useCallback(
    (field: string, label: string, message: string) => put(field, label, { state: 'error', message }),
    [put],
  );
  const clear = useCallback((field: string) => {
    setStatus((current) => {
      if (!current[field]) return current;
      const { [field]: _gone, ...rest } = current;
      return rest;
    });
  }, []);
  return { status, last, save, refuse, clear };
}

function merged(settings: Settings, patch: SettingsPatch): Settings {
  return {
    ...settings,
    ...patch,
    retry: { ...settings.retry, ...patch.retry },
    app: { ...settings.app, ...patch.app },
  } as Settings;
}

/** "maxConcurrentJobs: Too big…" names the schema path; the field already says which setting it is. */
function withoutPath(message: string): string {
  return message.replace(/^[A-Za-z.\d]+: /, '');
}

export interface SectionProps {
  settings: Settings;
  saver: SettingsSaver;
}

/** One field's view of the saver: its status, and save / refuse under its id. */
export function fieldOf(saver: SettingsSaver, field: string, label: string) {
  return {
    label,
    status: saver.status[field],
    onInvalid: (message: string) => saver.refuse(field, label, message),
    save: (patch: SettingsPatch) => void saver.save(field, label, patch),
    /** For choices: shown as made at once. */
    choose: (patch: SettingsPatch) => void saver.save(field, label, patch, true),
  };
}
