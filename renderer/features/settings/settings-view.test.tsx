import { act, cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../../shared/jobs.js';
import { renderWithHost } from '../../testing/render-app.js';
import { SettingsView } from './settings-view.js';
import { useThemeSetting } from './theme.js';

afterEach(() => {
  cleanup();
  document.documentElement.removeAttribute('data-theme');
  localStorage.clear();
});

const MIB = 1024 * 1024;

/** A host that merges patches like the core does, refusing what `refuse` says. */
function settingsHost(refuse: (patch: Record<string, unknown>) => string | undefined = () => undefined) {
  let settings: Settings = structuredClone(DEFAULT_SETTINGS);
  return {
    'settings:get': () => settings,
    'settings:update': (payload: unknown) => {
      const patch = payload as Partial<Settings> & { retry?: object; app?: object };
      const problem = refuse(patch as Record<string, unknown>);
      if (problem) throw { code: 'invalid-input', message: problem };
      settings = {
        ...settings,
        ...patch,
        retry: { ...settings.retry, ...patch.retry },
        app: { ...settings.app, ...patch.app },
      } as Settings;
      return settings;
    },
  };
}

function Themed() {
  useThemeSetting(document.documentElement, localStorage);
  return <SettingsView />;
}

async function renderSettings(options: Parameters<typeof renderWithHost>[1] = {}) {
  const rendered = await renderWithHost(<Themed />, { handlers: settingsHost(), ...options });
  await screen.findByRole('heading', { name: 'Settings' });
  return { ...rendered, user: userEvent.setup() };
}

const status = () => screen.getByRole('status').textContent;

describe('the Settings view', () => {
  it('saves a field when it is left, with a "Saved" status and no Save button', async () => {
    const { bridge, user } = await renderSettings();
    const field = screen.getByLabelText('Concurrent uploads');
    await user.clear(field);
    await user.type(field, '5');
    await user.tab();
    expect(bridge.callsTo('settings:update')).toEqual([{ maxConcurrentJobs: 5 }]);
    expect(status()).toBe('Saved: Concurrent uploads');
    expect(screen.queryByRole('button', { name: /^Save/ })).toBeNull();
    // Retry waits are typed in seconds and minutes, saved in ms.
    const longest = screen.getByLabelText('Longest wait between retries');
    await user.clear(longest);
    await user.type(longest, '2{Enter}');
    expect(bridge.callsTo('settings:update').at(-1)).toEqual({ retry: { maxDelayMs: 120_000 } });
  });

  it('shows an out-of-range number at its field and sends nothing', async () => {
    const { bridge, user } = await renderSettings();
    const field = screen.getByLabelText('Uploads per server');
    await user.clear(field);
    await user.type(field, '100');
    await user.tab();
    expect(bridge.callsTo('settings:update')).toEqual([]);
    expect(field.getAttribute('aria-invalid')).toBe('true');
    const described = field
      .getAttribute('aria-describedby')!
      .split(' ')
      .map((id) => document.getElementById(id));
    expect(described.map((node) => node?.textContent).join(' ')).toContain('Enter a number from 1 to 64.');
    expect(status()).toContain('Not saved: Uploads per server');
  });

  it('shows the host’s refusal at the reply folder field', async () => {
    const handlers = settingsHost((patch) =>
      'replyFolder' in patch
        ? 'replyFolder: The folder /proc/replies cannot hold replies (it is a system folder).'
        : undefined,
    );
    const { bridge, user } = await renderSettings({ handlers });
    const field = screen.getByLabelText('Reply folder');
    await user.type(field, '/proc/replies');
    await user.tab();
    expect(bridge.callsTo('settings:update')).toEqual([{ replyFolder: '/proc/replies' }]);
    expect(field.getAttribute('aria-invalid')).toBe('true');
    const error = document.getElementById(field.getAttribute('aria-describedby')!.split(' ')[1]!)!;
    expect(error.textContent).toBe('The folder /proc/replies cannot hold replies (it is a system folder).');
    // What the user typed stays, to be fixed.
    expect((field as HTMLInputElement).value).toBe('/proc/replies');
  });

  it('reads a typed bandwidth limit and follows a change made elsewhere', async () => {
    const { bridge, user } = await renderSettings();
    const limit = screen.getByLabelText('Bandwidth limit');
    await user.type(limit, '2 MB/s');
    await user.tab();
    expect(bridge.callsTo('settings:update')).toEqual([{ bandwidthLimitBps: 2 * MIB }]);
    expect((limit as HTMLInputElement).value).toBe('2.0 MiB/s');
    await user.clear(limit);
    await user.type(limit, 'fast{Enter}');
    expect(limit.getAttribute('aria-invalid')).toBe('true');
    expect(
      document.getElementById(limit.getAttribute('aria-describedby')!.split(' ')[1]!)!.textContent,
    ).toMatch(/“fast” is not a rate: write it like 2 MB\/s/);
    await act(async () => {
      bridge.push({
        kind: 'event',
        seq: 1,
        event: { type: 'settings-changed', settings: { ...DEFAULT_SETTINGS, maxConcurrentJobs: 9 } },
      });
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    expect((screen.getByLabelText('Concurrent uploads') as HTMLInputElement).value).toBe('9');
  });

  it('edits the bandwidth schedule: a rule is saved when valid, a rule without days is not', async () => {
    const { bridge, user } = await renderSettings();
    await user.click(screen.getByRole('button', { name: 'Add a schedule rule' }));
    expect(bridge.callsTo('settings:update')).toEqual([
      { bandwidthSchedule: [{ days: [1, 2, 3, 4, 5], fromHour: 9, toHour: 17, limitBps: MIB }] },
    ]);
    expect(await screen.findByText('Mon-Fri 09:00-17:00: 1.0 MiB/s')).toBeTruthy();
    const limit = screen.getByLabelText('Rule 1 limit');
    await user.clear(limit);
    await user.type(limit, '2 MB/s{Enter}');
    expect(bridge.callsTo('settings:update').at(-1)).toEqual({
      bandwidthSchedule: [{ days: [1, 2, 3, 4, 5], fromHour: 9, toHour: 17, limitBps: 2 * MIB }],
    });
    await user.selectOptions(screen.getByLabelText('Until'), '18:00');
    expect(screen.getByText('Mon-Fri 09:00-18:00: 2.0 MiB/s')).toBeTruthy();
    const calls = bridge.callsTo('settings:update').length;
    const days = within(screen.getByRole('group', { name: 'Rule 1 days' }));
    for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday']) {
      await user.click(days.getByLabelText(`${day} (rule 1)`));
    }
    expect(bridge.callsTo('settings:update')).toHaveLength(calls + 4);
    expect(status()).toContain('Rule 1: a rule needs at least one day');
    await user.click(days.getByLabelText('Saturday (rule 1)'));
    expect(bridge.callsTo('settings:update').at(-1)).toEqual({
      bandwidthSchedule: [{ days: [6], fromHour: 9, toHour: 18, limitBps: 2 * MIB }],
    });
    await user.click(screen.getByRole('button', { name: 'Remove rule 1' }));
    expect(bridge.callsTo('settings:update').at(-1)).toEqual({ bandwidthSchedule: [] });
  });

  it('switches the theme live and remembers it', async () => {
    const { bridge, user } = await renderSettings();
    expect(document.documentElement.hasAttribute('data-theme')).toBe(false);
    await user.click(screen.getByRole('radio', { name: 'Dark' }));
    expect(bridge.callsTo('settings:update')).toEqual([{ app: { theme: 'dark' } }]);
    expect(document.documentElement.getAttribute('data-theme')).toBe('dark');
    expect(localStorage.getItem('bits-uploader.theme')).toBe('dark');
    await user.click(screen.getByRole('radio', { name: 'System' }));
    expect(document.documentElement.hasAttribute('data-theme')).toBe(false);
  });

  it('shows a ticked box at once, and unticks it when the host refuses', async () => {
    const handlers = settingsHost((patch) =>
      (patch.app as { launchAtLogin?: boolean } | undefined)?.launchAtLogin
        ? 'app.launchAtLogin: This desktop has no login items.'
        : undefined,
    );
    const { user } = await renderSettings({ handlers });
    const box = screen.getByLabelText('Start BITS Uploader when I log in') as HTMLInputElement;
    await user.click(box);
    expect(box.checked).toBe(false);
    expect(box.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(box.getAttribute('aria-describedby')!)!.textContent).toBe(
      'This desktop has no login items.',
    );
  });

  it('offers tray and login on the desktop, and explains their absence in a browser', async () => {
    const { bridge, user } = await renderSettings();
    await user.selectOptions(screen.getByLabelText('When the window closes'), 'Keep running in the tray');
    await user.click(screen.getByLabelText('Start BITS Uploader when I log in'));
    await user.click(screen.getByLabelText('Tell me when an upload fails'));
    expect(bridge.callsTo('settings:update')).toEqual([
      { app: { closeToTray: 'tray' } },
      { app: { launchAtLogin: true } },
      { app: { notifyFailed: false } },
    ]);
    cleanup();
    const served = await renderWithHost(<SettingsView />, { handlers: { ...settingsHost() } });
    served.stores.host.setState({
      appInfo: { ...served.stores.host.getState().appInfo!, hostKind: 'serve' },
    });
    expect(await screen.findByText(/belong to the desktop app/)).toBeTruthy();
    expect(screen.queryByLabelText('When the window closes')).toBeNull();
    expect(screen.queryByLabelText('Start BITS Uploader when I log in')).toBeNull();
  });
});
