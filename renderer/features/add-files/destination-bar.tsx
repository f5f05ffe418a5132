import { useEffect, useId, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { Destination } from '../../../shared/contract/host-api.js';
import { type JobType, PRIORITIES, type Priority } from '../../../shared/job-states.js';
import { toTransportError } from '../../lib/transport/transport-error.js';
import { useHost, useStores, useUi } from '../../stores/app-stores.js';
import type { FileAdder } from './add-files.js';
import { AddFilesButton } from './add-files-button.js';
import { CheckResultPanel, type CheckState } from './check-result.js';
import { DestinationForm } from './destination-form.js';
import { destinationProblem, urlFor } from './plan-jobs.js';
import { useSavedDestinations } from './use-saved-destinations.js';
import './destination-bar.css';

const PRIORITY_LABELS: Record<Priority, string> = {
  foreground: 'Foreground',
  high: 'High',
  normal: 'Normal',
  low: 'Low',
};

const JOB_TYPES: Array<[JobType, string]> = [
  ['upload', 'Upload'],
  ['upload-reply', 'Upload-reply'],
];

/** A folder URL is tested with a probe name in it: Create-Session needs a file's URL. */
const PROBE_NAME = 'bits-uploader-check.tmp';

function originOf(url: string): string | undefined {
  try {
    return new URL(url.trim()).origin;
  } catch {
    return undefined;
  }
}

/**
 * Where files go: the folder URL (recent ones offered as you type), type and priority; saved
 * destinations to pick, save, edit and remove; "Test" for the BITS preflight; and the ways to
 * add files besides dropping them (Add files, a typed host path).
 */
export function DestinationBar({ adder }: { adder: FileAdder }) {
  const { ui, transport } = useStores();
  const url = useUi((state) => state.destinationUrl);
  const type = useUi((state) => state.jobType);
  const priority = useUi((state) => state.priority);
  const destinationId = useUi((state) => state.destinationId);
  const hostKind = useHost((state) => state.appInfo?.hostKind);
  const connected = useHost((state) => state.connection === 'connected');
  const recent = useStore(adder.recent, (state) => state.recent);
  const { saved, loaded, refresh, remember } = useSavedDestinations();
  const [hostPath, setHostPath] = useState('');
  const [check, setCheck] = useState<CheckState>();
  const [form, setForm] = useState<{ editing?: Destination }>();
  const checking = useRef(0);
  const ids = {
    url: useId(),
    path: useId(),
    hint: useId(),
    recent: useId(),
    saved: useId(),
    priority: useId(),
  };
  const chosen = saved.find((destination) => destination.id === destinationId);
  const setType = (value: JobType) => ui.getState().setDestination({ type: value });

  // A saved destination that is gone (removed elsewhere) is no longer picked.
  useEffect(() => {
    if (destinationId && loaded && !saved.some((destination) => destination.id === destinationId)) {
      ui.getState().setDestination({ destinationId: null });
    }
  }, [saved, loaded, destinationId, ui]);

  const changeUrl = (next: string) => {
    checking.current++;
    setCheck(undefined);
    const recentOne = recent.find((entry) => entry.url === next);
    // The saved headers and password belong to the saved origin: typing another one lets go of them.
    const keep = chosen && originOf(next) === originOf(chosen.url);
    ui.getState().setDestination({
      url: next,
      ...(recentOne ? { type: recentOne.type } : {}),
      ...(keep ? {} : { destinationId: null }),
    });
  };

  const pickSaved = (id: string) => {
    const destination = saved.find((candidate) => candidate.id === id);
    checking.current++;
    setCheck(undefined);
    if (!destination) ui.getState().setDestination({ destinationId: null });
    else
      ui.getState().setDestination({
        url: destination.url,
        type: destination.type,
        destinationId: destination.id,
      });
  };

  const test = async () => {
    const problem = destinationProblem(url);
    if (problem) {
      setCheck({ phase: 'failed', url, ...problem });
      return;
    }
    const target = urlFor(url.trim(), PROBE_NAME);
    const request = ++checking.current;
    setCheck({ phase: 'checking', url: target });
    try {
      const result = await transport.invoke('destinations:check', {
        url: target,
        ...(destinationId ? { destinationId } : {}),
      });
      if (request === checking.current) setCheck({ phase: 'done', result });
    } catch (error) {
      const failure = toTransportError(error, 'The test could not run');
      if (request === checking.current)
        setCheck({ phase: 'failed', url: target, message: failure.message, hint: failure.hint });
    }
  };

  const remove = async (destination: Destination) => {
    const confirmed = await ui.getState().confirm({
      title: `Remove “${destination.name}”?`,
      message: 'Its saved headers and password are deleted. Jobs already queued keep theirs.',
      confirmLabel: 'Remove destination',
      tone: 'danger',
    });
    if (!confirmed) return;
    try {
      await transport.invoke('destinations:remove', { id: destination.id });
      if (destinationId === destination.id) ui.getState().setDestination({ destinationId: null });
      await refresh();
    } catch (error) {
      const problem = toTransportError(error, 'Removing the destination failed');
      ui.getState().notify(problem.message, problem.hint);
    }
  };

  return (
    <section className="destination destination--bar" aria-label="Destination">
      <div className="destination__row">
        <AddFilesButton adder={adder} />
        <div className="field field--url">
          <label htmlFor={ids.url}>Destination URL</label>
          <div className="inline">
            <input
              id={ids.url}
              type="url"
              inputMode="url"
              spellCheck={false}
              autoComplete="off"
              list={ids.recent}
              placeholder="https://intake.example.com/bits/"
              aria-describedby={ids.hint}
              value={url}
              onChange={(event) => changeUrl(event.target.value)}
            />
            <datalist id={ids.recent}>
              {recent.map((entry) => (
                <option key={entry.url} value={entry.url} />
              ))}
            </datalist>
            <button
              type="button"
              disabled={!connected || check?.phase === 'checking'}
              onClick={() => void test()}
              // "Test" is enough on screen beside the URL; its name begins with that word and says what.
              aria-label="Test destination"
            >
              Test
            </button>
          </div>
          <span id={ids.hint} className="field__hint">
            {chosen
              ? `Uses the saved ${[chosen.headerNames.length > 0 && 'headers', chosen.hasCredentials && 'credentials'].filter(Boolean).join(' and ') || 'settings'} of “${chosen.name}”.`
              : 'A folder URL ends in “/”: each file goes to its own name in it.'}
          </span>
        </div>
        <fieldset className="field field--type">
          <legend>Type</legend>
          {JOB_TYPES.map(([value, label]) => (
            <label key={value} className="radio">
              <input type="radio" name="job-type" checked={type === value} onChange={() => setType(value)} />
              {label}
            </label>
          ))}
        </fieldset>
        <div className="field field--priority">
          <label htmlFor={ids.priority}>Priority</label>
          <select
            id={ids.priority}
            value={priority}
            onChange={(event) => ui.getState().setDestination({ priority: event.target.value as Priority })}
          >
            {PRIORITIES.map((value) => (
              <option key={value} value={value}>
                {PRIORITY_LABELS[value]}
              </option>
            ))}
          </select>
        </div>
        <div className="field field--saved">
          <label htmlFor={ids.saved}>Saved destination</label>
          <div className="inline">
            <select
              id={ids.saved}
              value={chosen?.id ?? ''}
              disabled={!connected}
              onChange={(event) => pickSaved(event.target.value)}
            >
              <option value="">None: the URL as typed</option>
              {saved.map((destination) => (
                <option key={destination.id} value={destination.id}>
                  {destination.name}
                </option>
              ))}
            </select>
            <button type="button" disabled={!connected} onClick={() => setForm({})}>
              Save…
            </button>
            {chosen && (
              <>
                <button
                  type="button"
                  onClick={() => setForm({ editing: chosen })}
                  aria-label={`Edit ${chosen.name}`}
                >
                  Edit…
                </button>
                <button
                  type="button"
                  onClick={() => void remove(chosen)}
                  aria-label={`Remove ${chosen.name}`}
                >
                  Remove
                </button>
              </>
            )}
          </div>
        </div>
      </div>
      <div className="destination__row destination__row--path">
        <form
          className="field field--path"
          onSubmit={(event) => {
            event.preventDefault();
            // Clear at once so the next path can be typed while this one is added; put it back if refused.
            const typed = hostPath;
            setHostPath('');
            void adder.addHostPath(typed).then((added) => {
              if (!added) setHostPath((current) => current || typed);
            });
          }}
        >
          <label htmlFor={ids.path}>{hostKind === 'serve' ? 'File path on the host' : 'File path'}</label>
          <div className="inline">
            <input
              id={ids.path}
              type="text"
              spellCheck={false}
              placeholder="/srv/outgoing/dump.dmp"
              value={hostPath}
              onChange={(event) => setHostPath(event.target.value)}
            />
            <button type="submit" disabled={!connected}>
              Add path
            </button>
          </div>
        </form>
      </div>
      {check && <CheckResultPanel state={check} onClose={() => setCheck(undefined)} />}
      {form && (
        <DestinationForm
          editing={form.editing}
          draft={{ url, type }}
          onClose={() => setForm(undefined)}
          onSaved={(destination) => {
            setForm(undefined);
            remember(destination);
            ui.getState().setDestination({
              url: destination.url,
              type: destination.type,
              destinationId: destination.id,
            });
          }}
        />
      )}
    </section>
  );
}
