import { useId, useState } from 'react';
import type { AppPreferences } from '../../../shared/jobs.js';
import { useHost } from '../../stores/app-stores.js';
import { FieldState } from './setting-input.js';
import { fieldOf, type SectionProps } from './use-settings-saver.js';

type BooleanPreference = 'notifyFinished' | 'notifyFailed' | 'notifyReplyReady' | 'launchAtLogin';

/** A yes/no preference, saved when it is ticked. */
function PreferenceCheckbox(props: SectionProps & { name: BooleanPreference; label: string; hint?: string }) {
  const field = fieldOf(props.saver, `app.${props.name}`, props.label);
  const id = useId();
  const error = field.status?.state === 'error' ? field.status : undefined;
  return (
    <div className="setting setting--check">
      <div className="setting__control">
        <input
          id={id}
          type="checkbox"
          checked={props.settings.app[props.name]}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : props.hint ? `${id}-hint` : undefined}
          onChange={(event) => field.choose({ app: { [props.name]: event.target.checked } })}
        />
        <label htmlFor={id}>{props.label}</label>
        <FieldState status={field.status} />
      </div>
      {props.hint && (
        <p id={`${id}-hint`} className="setting__hint muted">
          {props.hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="setting__error">
          {error.message}
        </p>
      )}
    </div>
  );
}

type Permission = NotificationPermission | 'unsupported';

function browserPermission(): Permission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

export function NotificationsSection(props: SectionProps) {
  const hostKind = useHost((state) => state.appInfo?.hostKind);
  const [permission, setPermission] = useState<Permission>(browserPermission);
  const ask = async () => setPermission(await Notification.requestPermission());
  return (
    <section className="settings-section" aria-labelledby="settings-notifications">
      <h3 id="settings-notifications">Notifications</h3>
      <PreferenceCheckbox {...props} name="notifyFinished" label="Tell me when an upload finishes" />
      <PreferenceCheckbox {...props} name="notifyFailed" label="Tell me when an upload fails" />
      <PreferenceCheckbox {...props} name="notifyReplyReady" label="Tell me when a reply is ready" />
      {hostKind === 'desktop' ? (
        <p className="setting__hint muted">Shown by your desktop while the window is not in front.</p>
      ) : (
        <div className="settings-note">
          {permission === 'granted' && (
            <p className="muted">This browser shows them while this tab is in the background.</p>
          )}
          {permission === 'default' && (
            <>
              <p className="muted">This browser shows them only once you allow it.</p>
              <button type="button" onClick={() => void ask()}>
                Allow notifications in this browser
              </button>
            </>
          )}
          {permission === 'denied' && (
            <p className="muted">
              This browser blocks notifications from this page: allow them in its site settings (the icon left
              of the address) to get them.
            </p>
          )}
          {permission === 'unsupported' && <p className="muted">This browser cannot show notifications.</p>}
        </div>
      )}
    </section>
  );
}

const CLOSE_CHOICES: Array<{ value: AppPreferences['closeToTray']; label: string }> = [
  { value: 'ask', label: 'Ask the first time' },
  { value: 'tray', label: 'Keep running in the tray' },
  { value: 'quit', label: 'Quit' },
];

/** Tray and login item: the desktop app's; a browser window explains why it has none. */
export function DesktopSection(props: SectionProps) {
  const hostKind = useHost((state) => state.appInfo?.hostKind);
  const close = fieldOf(props.saver, 'app.closeToTray', 'When the window closes');
  const id = useId();
  if (hostKind !== 'desktop') {
    return (
      <section className="settings-section" aria-labelledby="settings-desktop">
        <h3 id="settings-desktop">Desktop app</h3>
        <p className="muted">
          Closing to the tray and starting at login belong to the desktop app. This window is served by{' '}
          <code>bits-uploader serve</code>, which keeps uploading until it is stopped, whether or not this tab
          is open.
        </p>
      </section>
    );
  }
  const error = close.status?.state === 'error' ? close.status : undefined;
  return (
    <section className="settings-section" aria-labelledby="settings-desktop">
      <h3 id="settings-desktop">Desktop app</h3>
      <div className="setting">
        <label htmlFor={id}>When the window closes</label>
        <div className="setting__control">
          <select
            id={id}
            value={props.settings.app.closeToTray}
            aria-invalid={error ? true : undefined}
            onChange={(event) =>
              close.choose({ app: { closeToTray: event.target.value as AppPreferences['closeToTray'] } })
            }
          >
            {CLOSE_CHOICES.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </select>
          <FieldState status={close.status} />
        </div>
        {error && <p className="setting__error">{error.message}</p>}
        <p className="setting__hint muted">
          In the tray, uploads carry on and the icon brings the window back.
        </p>
      </div>
      <PreferenceCheckbox {...props} name="launchAtLogin" label="Start BITS Uploader when I log in" />
    </section>
  );
}

const THEMES: Array<{ value: AppPreferences['theme']; label: string }> = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

export function AppearanceSection(props: SectionProps) {
  const theme = fieldOf(props.saver, 'app.theme', 'Theme');
  return (
    <section className="settings-section" aria-labelledby="settings-appearance">
      <h3 id="settings-appearance">Appearance</h3>
      <fieldset className="setting setting--radios">
        <legend>Theme</legend>
        <div className="setting__control">
          {THEMES.map((choice) => (
            <label key={choice.value} className="radio">
              <input
                type="radio"
                name="theme"
                value={choice.value}
                checked={props.settings.app.theme === choice.value}
                onChange={() => theme.choose({ app: { theme: choice.value } })}
              />
              {choice.label}
            </label>
          ))}
          <FieldState status={theme.status} />
        </div>
        <p className="setting__hint muted">System follows your computer’s light or dark mode.</p>
      </fieldset>
    </section>
  );
}
