import { type FormEvent, useId, useRef, useState } from 'react';
import type { Destination, SaveDestinationInput } from '../../../shared/contract/host-api.js';
import type { JobType } from '../../../shared/jobs.js';
import { toTransportError } from '../../lib/transport/transport-error.js';
import { useStores } from '../../stores/app-stores.js';
import { destinationProblem } from './plan-jobs.js';
import { useModalFocus } from './use-modal-focus.js';
import './modal.css';
import './destination-form.css';

type HeaderRow = { key: number; name: string; value: string };

/**
 * Saves a destination (name, URL, type, headers, credentials, fragment size). Secrets are never
 * echoed back: an edited destination shows its header names and "saved" for its password, and
 * keeps them unless the user replaces or removes them.
 */
export function DestinationForm({
  editing,
  draft,
  onClose,
  onSaved,
}: {
  editing?: Destination;
  draft: { url: string; type: JobType };
  onClose(): void;
  onSaved(destination: Destination): void;
}) {
  const { transport } = useStores();
  const [name, setName] = useState(editing?.name ?? '');
  const [url, setUrl] = useState(editing?.url ?? draft.url);
  const [type, setType] = useState<JobType>(editing?.type ?? draft.type);
  const [fragmentKiB, setFragmentKiB] = useState(
    editing?.fragmentSize ? String(editing.fragmentSize / 1024) : '',
  );
  const [rows, setRows] = useState<HeaderRow[]>([]);
  const [replaceHeaders, setReplaceHeaders] = useState(!editing || editing.headerNames.length === 0);
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [forgetCredentials, setForgetCredentials] = useState(false);
  const [problem, setProblem] = useState<{ message: string; hint?: string }>();
  const [saving, setSaving] = useState(false);
  const dialog = useRef<HTMLFormElement>(null);
  const nextKey = useRef(1);
  const id = useId();
  const field = (suffix: string) => `${id}-${suffix}`;
  useModalFocus(dialog, onClose);
  const savedPassword = editing?.hasCredentials === true && !forgetCredentials;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const urlProblem = destinationProblem(url);
    if (!name.trim()) return setProblem({ message: 'Give the destination a name.' });
    if (urlProblem) return setProblem(urlProblem);
    const fragment = fragmentKiB.trim() === '' ? null : Math.round(Number(fragmentKiB) * 1024);
    if (fragment !== null && (!Number.isFinite(fragment) || fragment < 5 * 1024)) {
      return setProblem({
        message: 'The fragment size is at least 5 KiB.',
        hint: 'Leave it empty for automatic sizing.',
      });
    }
    if (user.includes(':')) return setProblem({ message: 'A user name cannot contain “:”.' });
    const input: SaveDestinationInput = { name: name.trim(), url: url.trim(), type, fragmentSize: fragment };
    if (editing) input.id = editing.id;
    if (replaceHeaders) {
      input.headers = rows
        .filter((row) => row.name.trim() !== '')
        .map((row) => [row.name.trim(), row.value] as [string, string]);
    }
    if (forgetCredentials) input.credentials = null;
    if (user.trim() !== '') input.credentials = { user: user.trim(), password };
    setSaving(true);
    try {
      onSaved(await transport.invoke('destinations:save', input));
    } catch (error) {
      const failure = toTransportError(error, 'Saving the destination failed');
      setProblem({ message: failure.message, hint: failure.hint });
    } finally {
      setSaving(false);
    }
  };

  const setRow = (key: number, change: Partial<HeaderRow>) =>
    setRows(rows.map((row) => (row.key === key ? { ...row, ...change } : row)));

  return (
    <div className="modal-backdrop">
      <form
        ref={dialog}
        className="modal destination-form"
        role="dialog"
        aria-modal="true"
        aria-labelledby={field('title')}
        onSubmit={(event) => void submit(event)}
        noValidate
      >
        <h2 id={field('title')}>{editing ? `Edit “${editing.name}”` : 'Save destination'}</h2>
        <div className="destination-form__grid">
          <label htmlFor={field('name')}>Name</label>
          <input
            id={field('name')}
            type="text"
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
          <label htmlFor={field('url')}>Destination URL</label>
          <input
            id={field('url')}
            type="url"
            spellCheck={false}
            value={url}
            onChange={(event) => setUrl(event.target.value)}
          />
          <span id={field('type')}>Type</span>
          <div role="radiogroup" aria-labelledby={field('type')} className="inline">
            {(['upload', 'upload-reply'] as const).map((value) => (
              <label key={value} className="radio">
                <input
                  type="radio"
                  name={field('type-radio')}
                  checked={type === value}
                  onChange={() => setType(value)}
                />
                {value === 'upload' ? 'Upload' : 'Upload-reply'}
              </label>
            ))}
          </div>
          <label htmlFor={field('fragment')}>Fragment size (KiB)</label>
          <input
            id={field('fragment')}
            type="text"
            inputMode="numeric"
            placeholder="Automatic"
            value={fragmentKiB}
            onChange={(event) => setFragmentKiB(event.target.value)}
          />
        </div>
        <fieldset className="destination-form__set">
          <legend>Headers</legend>
          {editing && editing.headerNames.length > 0 && (
            <label className="checkbox">
              <input
                type="checkbox"
                checked={replaceHeaders}
                onChange={(event) => setReplaceHeaders(event.target.checked)}
              />
              Replace the saved headers ({editing.headerNames.join(', ')}; values saved)
            </label>
          )}
          {replaceHeaders &&
            rows.map((row, index) => (
              <div key={row.key} className="destination-form__header">
                <input
                  type="text"
                  aria-label={`Header ${index + 1} name`}
                  placeholder="X-Api-Key"
                  value={row.name}
                  onChange={(event) => setRow(row.key, { name: event.target.value })}
                />
                <input
                  type="password"
                  aria-label={`Header ${index + 1} value`}
                  autoComplete="off"
                  value={row.value}
                  onChange={(event) => setRow(row.key, { value: event.target.value })}
                />
                <button type="button" onClick={() => setRows(rows.filter((other) => other.key !== row.key))}>
                  Remove header {index + 1}
                </button>
              </div>
            ))}
          {replaceHeaders && (
            <button
              type="button"
              onClick={() => setRows([...rows, { key: nextKey.current++, name: '', value: '' }])}
            >
              Add header
            </button>
          )}
        </fieldset>
        <fieldset className="destination-form__set">
          <legend>Credentials (HTTP authentication)</legend>
          <div className="destination-form__grid">
            <label htmlFor={field('user')}>User name</label>
            <input
              id={field('user')}
              type="text"
              autoComplete="off"
              placeholder={savedPassword ? 'saved (type to replace)' : ''}
              value={user}
              onChange={(event) => setUser(event.target.value)}
            />
            <label htmlFor={field('password')}>Password</label>
            <input
              id={field('password')}
              type="password"
              autoComplete="new-password"
              placeholder={savedPassword ? 'saved' : ''}
              aria-describedby={savedPassword ? field('saved') : undefined}
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
          </div>
          {savedPassword && (
            <p id={field('saved')} className="field__hint">
              A password is saved. Type a user name and password to replace it.
            </p>
          )}
          {editing?.hasCredentials && (
            <label className="checkbox">
              <input
                type="checkbox"
                checked={forgetCredentials}
                onChange={(event) => setForgetCredentials(event.target.checked)}
              />
              Remove the saved credentials
            </label>
          )}
        </fieldset>
        {problem && (
          <p className="destination-form__problem" role="alert">
            <strong>{problem.message}</strong> {problem.hint}
          </p>
        )}
        <div className="modal__buttons">
          <span className="modal__spacer" />
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={saving}>
            {editing ? 'Save changes' : 'Save destination'}
          </button>
        </div>
      </form>
    </div>
  );
}
