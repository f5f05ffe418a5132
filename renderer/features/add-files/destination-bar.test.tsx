import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useMemo } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CheckResult, Destination } from '../../../shared/contract/host-api.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { useStores } from '../../stores/app-stores.js';
import { renderWithHost } from '../../testing/render-app.js';
import { createFileAdder } from './add-files.js';
import { DestinationBar } from './destination-bar.js';

afterEach(() => {
  cleanup();
  localStorage.clear();
});

function Bar() {
  const stores = useStores();
  const adder = useMemo(() => createFileAdder(stores, localStorage), [stores]);
  return (
    <>
      <DestinationBar adder={adder} />
      <ConfirmDialog />
    </>
  );
}

const DUMPS: Destination = {
  id: 'd1',
  name: 'Crash dumps',
  url: 'https://dumps.example/upload/',
  type: 'upload-reply',
  headerNames: ['X-Api-Key'],
  hasCredentials: true,
  fragmentSize: 1024 * 1024,
  createdAt: 1,
  updatedAt: 1,
};

const withDumps = (fake: { handlers: Map<string, (payload: unknown) => unknown> }) =>
  fake.handlers.set('destinations:list', () => [DUMPS]);

async function settle() {
  await act(async () => {
    for (let i = 0; i < 10; i++) await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

describe('saved destinations', () => {
  it('saves one with headers and credentials, then picks it: new jobs name it, its secrets stay in main', async () => {
    const saved: Destination[] = [];
    const { bridge, stores } = await renderWithHost(<Bar />, {
      // Main answers later than the window re-renders: the pick must not wait for the list.
      setup: (fake) =>
        fake.handlers.set(
          'destinations:list',
          () => new Promise((resolve) => setTimeout(() => resolve([...saved]), 20)),
        ),
    });
    bridge.handlers.set('destinations:save', (input) => {
      const { name, url, type } = input as Destination;
      const destination = { ...DUMPS, name, url, type, id: 'new-1' };
      saved.push(destination);
      return destination;
    });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Destination URL'), 'https://dumps.example/upload/');
    await user.click(screen.getByRole('button', { name: 'Save…' }));
    const form = screen.getByRole('dialog', { name: 'Save destination' });
    await user.type(within(form).getByLabelText('Name'), 'Crash dumps');
    await user.click(within(form).getByRole('button', { name: 'Add header' }));
    await user.type(within(form).getByLabelText('Header 1 name'), 'X-Api-Key');
    await user.type(within(form).getByLabelText('Header 1 value'), 'k-123');
    await user.type(within(form).getByLabelText('User name'), 'ann');
    await user.type(within(form).getByLabelText('Password'), 'hunter2');
    await user.type(within(form).getByLabelText('Fragment size (KiB)'), '1024');
    await user.click(within(form).getByRole('button', { name: 'Save destination' }));
    await settle();
    expect(bridge.callsTo('destinations:save')).toEqual([
      {
        name: 'Crash dumps',
        url: 'https://dumps.example/upload/',
        type: 'upload',
        fragmentSize: 1024 * 1024,
        headers: [['X-Api-Key', 'k-123']],
        credentials: { user: 'ann', password: 'hunter2' },
      },
    ]);
    expect(screen.queryByRole('dialog')).toBeNull();
    const select = screen.getByLabelText('Saved destination') as HTMLSelectElement;
    expect(select.value).toBe('new-1');
    expect(stores.ui.getState().destinationId).toBe('new-1');
    expect(screen.getByText('Uses the saved headers and credentials of “Crash dumps”.')).toBeTruthy();
    await act(async () => {
      await createFileAdder(stores, undefined).addHostPaths([{ path: '/srv/core.dmp', kind: 'file' }]);
    });
    expect(bridge.callsTo('jobs:add-many').at(-1)).toEqual({
      jobs: [
        {
          filePath: '/srv/core.dmp',
          url: 'https://dumps.example/upload/core.dmp',
          type: 'upload',
          destinationId: 'new-1',
        },
      ],
    });
  });

  it('editing never shows a saved password or header value; empty fields keep them, a new password replaces it', async () => {
    const { bridge, stores } = await renderWithHost(<Bar />, { setup: withDumps });
    bridge.handlers.set('destinations:save', (input) => ({ ...DUMPS, ...(input as object) }));
    act(() => stores.ui.getState().setDestination({ url: '' }));
    await settle();
    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText('Saved destination'), 'Crash dumps');
    expect(stores.ui.getState()).toMatchObject({
      destinationUrl: DUMPS.url,
      jobType: 'upload-reply',
      destinationId: 'd1',
    });
    await user.click(screen.getByRole('button', { name: 'Edit Crash dumps' }));
    const form = screen.getByRole('dialog', { name: 'Edit “Crash dumps”' });
    const password = within(form).getByLabelText('Password') as HTMLInputElement;
    expect(password.value).toBe('');
    expect(password.placeholder).toBe('saved');
    expect(within(form).getByText(/Replace the saved headers \(X-Api-Key; values saved\)/)).toBeTruthy();
    expect(form.querySelectorAll('input[type="password"]')).toHaveLength(1);
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    await settle();
    expect(bridge.callsTo('destinations:save').at(-1)).toEqual({
      id: 'd1',
      name: 'Crash dumps',
      url: DUMPS.url,
      type: 'upload-reply',
      fragmentSize: 1024 * 1024,
    });
    await user.click(screen.getByRole('button', { name: 'Edit Crash dumps' }));
    const again = screen.getByRole('dialog', { name: 'Edit “Crash dumps”' });
    await user.type(within(again).getByLabelText('User name'), 'bob');
    await user.type(within(again).getByLabelText('Password'), 'new-pass');
    await user.click(within(again).getByRole('button', { name: 'Save changes' }));
    await settle();
    expect(bridge.callsTo('destinations:save').at(-1)).toMatchObject({
      credentials: { user: 'bob', password: 'new-pass' },
    });
  });

  it('a save refused by main (a taken name) is shown in the form, which stays open', async () => {
    const { bridge } = await renderWithHost(<Bar />);
    bridge.handlers.set('destinations:save', () =>
      Promise.reject({
        code: 'exists',
        message: 'A destination named “X” already exists.',
        hint: 'Choose another name.',
      }),
    );
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Save…' }));
    const form = screen.getByRole('dialog', { name: 'Save destination' });
    await user.type(within(form).getByLabelText('Name'), 'X');
    await user.type(within(form).getByLabelText('Destination URL'), 'https://h.example/in/');
    await user.click(within(form).getByRole('button', { name: 'Save destination' }));
    expect((await within(form).findByRole('alert')).textContent).toBe(
      'A destination named “X” already exists. Choose another name.',
    );
  });

  it('removing asks first, then forgets the pick', async () => {
    let list = [DUMPS];
    const { bridge, stores } = await renderWithHost(<Bar />, {
      setup: (fake) => fake.handlers.set('destinations:list', () => list),
    });
    bridge.handlers.set('destinations:remove', () => {
      list = [];
      return { removed: ['d1'] };
    });
    await settle();
    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText('Saved destination'), 'Crash dumps');
    await user.click(screen.getByRole('button', { name: 'Remove Crash dumps' }));
    await user.click(await screen.findByRole('button', { name: 'Remove destination' }));
    await settle();
    expect(bridge.callsTo('destinations:remove')).toEqual([{ id: 'd1' }]);
    expect(stores.ui.getState().destinationId).toBeUndefined();
    expect(screen.queryByRole('option', { name: 'Crash dumps' })).toBeNull();
  });

  it('typing a URL on another origin lets go of the saved destination (its password must not go there)', async () => {
    const { stores } = await renderWithHost(<Bar />, { setup: withDumps });
    await settle();
    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText('Saved destination'), 'Crash dumps');
    const field = screen.getByLabelText('Destination URL');
    await user.type(field, 'sub/');
    expect(stores.ui.getState().destinationId).toBe('d1');
    await user.clear(field);
    await user.type(field, 'https://other.example/in/');
    expect(stores.ui.getState().destinationId).toBeUndefined();
  });
});

describe('recent destinations', () => {
  it('remembers the last eight URLs files went to, newest first, and offers them as you type', async () => {
    const { stores } = await renderWithHost(<Bar />);
    for (let i = 1; i <= 9; i++) {
      act(() => stores.ui.getState().setDestination({ url: `https://h${i}.example/in/` }));
      await act(async () => {
        await createFileAdder(stores, localStorage).addHostPaths([{ path: `/srv/${i}.bin`, kind: 'file' }]);
      });
    }
    const saved = JSON.parse(localStorage.getItem('bits-uploader.recent-destinations') ?? '[]');
    expect(saved.map((entry: { url: string }) => entry.url)).toEqual(
      [9, 8, 7, 6, 5, 4, 3, 2].map((i) => `https://h${i}.example/in/`),
    );
    cleanup();
    await renderWithHost(<Bar />);
    const field = screen.getByLabelText('Destination URL') as HTMLInputElement;
    const list = document.getElementById(field.getAttribute('list') ?? '');
    expect([...(list?.querySelectorAll('option') ?? [])].map((option) => option.value)).toHaveLength(8);
    expect(list?.querySelector('option')?.value).toBe('https://h9.example/in/');
  });
});

describe('Test', () => {
  const refused: CheckResult = {
    ok: false,
    url: 'https://dumps.example/upload/bits-uploader-check.tmp',
    steps: [
      { packet: 'Ping', status: 200, ok: true, detail: 'the server answered' },
      { packet: 'Create-Session', status: 401, ok: false, detail: 'authentication required' },
    ],
    problem: {
      kind: 'auth',
      message: 'the server asks for a user name and password',
      hint: 'Save the destination with its credentials.',
      httpStatus: 401,
      code: '0x80190191',
    },
    proxy: 'http://proxy.corp:3128 (from the proxy setting)',
  };

  it('runs the check on a probe name in the folder, with the saved destination, and says the result in plain words', async () => {
    const { bridge, stores } = await renderWithHost(<Bar />, { setup: withDumps });
    bridge.handlers.set('destinations:check', () => refused);
    await settle();
    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText('Saved destination'), 'Crash dumps');
    await user.click(screen.getByRole('button', { name: 'Test destination' }));
    await settle();
    expect(bridge.callsTo('destinations:check')).toEqual([
      { url: 'https://dumps.example/upload/bits-uploader-check.tmp', destinationId: 'd1' },
    ]);
    const panel = screen.getByRole('region', { name: 'Destination test' });
    expect(within(panel).getByRole('status').textContent).toBe(
      'This destination cannot take uploads yet: the server asks for a user name and password Save the destination with its credentials.',
    );
    const steps = within(panel)
      .getAllByRole('listitem')
      .map((item) => item.textContent);
    expect(steps).toEqual([
      'OK Ping (HTTP 200): the server answered',
      'Failed Create-Session (HTTP 401): authentication required',
    ]);
    expect(panel.textContent).toContain('HTTP 401 · BITS 0x80190191');
    // The way it went, as uploads will go: a check that ignored the proxy would prove nothing.
    expect(panel.textContent).toContain('Route: http://proxy.corp:3128 (from the proxy setting)');
    expect(stores.ui.getState().notices).toEqual([]);
  });

  it('says a good destination is good, and an unusable URL without asking the host', async () => {
    const { bridge, stores } = await renderWithHost(<Bar />);
    bridge.handlers.set('destinations:check', () => ({
      ok: true,
      url: 'https://h.example/one.bin',
      steps: [{ packet: 'Ping', ok: true, detail: 'ok' }],
    }));
    act(() => stores.ui.getState().setDestination({ url: 'https://h.example/one.bin' }));
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Test destination' }));
    await settle();
    expect(bridge.callsTo('destinations:check')).toEqual([{ url: 'https://h.example/one.bin' }]);
    expect(screen.getByRole('status').textContent).toBe('This destination takes BITS uploads. ');
    act(() => stores.ui.getState().setDestination({ url: 'ftp://h.example/in/' }));
    await user.click(screen.getByRole('button', { name: 'Test destination' }));
    expect(screen.getByRole('status').textContent).toContain('BITS uploads go over HTTP or HTTPS, not ftp.');
    expect(bridge.callsTo('destinations:check')).toHaveLength(1);
  });
});

describe('priority', () => {
  it('new jobs take the priority chosen', async () => {
    const { bridge, stores } = await renderWithHost(<Bar />);
    act(() => stores.ui.getState().setDestination({ url: 'https://h.example/in/' }));
    await userEvent.selectOptions(screen.getByLabelText('Priority'), 'High');
    const field = screen.getByLabelText('File path');
    await userEvent.type(field, '/srv/a.bin{Enter}');
    await settle();
    expect(bridge.callsTo('jobs:add-many')).toEqual([
      {
        jobs: [
          { filePath: '/srv/a.bin', url: 'https://h.example/in/a.bin', type: 'upload', priority: 'high' },
        ],
      },
    ]);
    fireEvent.keyDown(document.body, { key: 'Escape' });
  });
});
