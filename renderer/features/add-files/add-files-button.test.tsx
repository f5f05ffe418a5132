import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useMemo } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { BrowseResult } from '../../../shared/contract/host-api.js';
import { useStores } from '../../stores/app-stores.js';
import { renderWithHost } from '../../testing/render-app.js';
import { createFileAdder } from './add-files.js';
import { AddFilesButton } from './add-files-button.js';
import { breadcrumbs } from './host-paths.js';

afterEach(cleanup);

function Button() {
  const stores = useStores();
  const adder = useMemo(() => createFileAdder(stores, undefined), [stores]);
  return <AddFilesButton adder={adder} />;
}

const SERVE = { canStageUploads: true, canBrowseHostFiles: true, hasNativeFileDialog: false };
const DEST = 'https://intake.example.com/bits/';

function folder(path: string, names: string[], parent?: string): BrowseResult {
  return {
    path,
    ...(parent ? { parent } : {}),
    entries: names.map((name) => ({
      name: name.replace(/^!|\/$/g, ''),
      kind: name.endsWith('/') ? 'folder' : name.startsWith('!') ? 'other' : 'file',
      size: name.endsWith('/') ? 0 : 2048,
      mtime: 0,
    })),
    truncated: false,
    roots: ['/srv/outbox'],
  };
}

async function settle() {
  await act(async () => {
    for (let i = 0; i < 10; i++) await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

describe('Add files on the desktop', () => {
  it('opens the system dialog (button and Ctrl+O); picked files are queued, picked folders listed by the host', async () => {
    const { bridge, stores } = await renderWithHost(<Button />);
    act(() => stores.ui.getState().setDestination({ url: DEST }));
    bridge.handlers.set('files:pick', (payload) =>
      (payload as { kind: string }).kind === 'files'
        ? { picked: [{ path: '/home/ann/a.bin', kind: 'file' }] }
        : { picked: [{ path: '/home/ann/pics', kind: 'folder' }] },
    );
    bridge.handlers.set('files:list-folder', () => ({
      path: '/home/ann/pics',
      name: 'pics',
      files: [{ path: '/home/ann/pics/x/y.png', relativePath: 'x/y.png', size: 5 }],
      skipped: [],
      truncated: false,
    }));
    await userEvent.click(screen.getByRole('button', { name: 'Add files' }));
    await settle();
    fireEvent.keyDown(document.body, { key: 'o', ctrlKey: true });
    await settle();
    await userEvent.click(screen.getByRole('button', { name: 'Add folder' }));
    await settle();
    expect(bridge.callsTo('files:pick')).toEqual([{ kind: 'files' }, { kind: 'files' }, { kind: 'folders' }]);
    expect(
      bridge.callsTo('jobs:add-many').map((call) => (call as { jobs: Array<{ url: string }> }).jobs[0]?.url),
    ).toEqual([`${DEST}a.bin`, `${DEST}a.bin`, `${DEST}pics/x/y.png`]);
  });
});

describe('Add files in serve: the host file browser', () => {
  it('lists the shared folder; arrows, Space, Enter and Backspace move, select, open and go up; Add queues the selection', async () => {
    const { bridge, stores } = await renderWithHost(<Button />, { capabilities: SERVE });
    act(() => stores.ui.getState().setDestination({ url: DEST }));
    bridge.handlers.set('files:browse', (payload) => {
      const path = (payload as { path?: string }).path;
      if (path === '/srv/outbox/logs') return folder('/srv/outbox/logs', ['today.log'], '/srv/outbox');
      return folder('/srv/outbox', ['logs/', 'a.bin', 'b.bin', '!pipe']);
    });
    bridge.handlers.set('files:list-folder', () => ({
      path: '/srv/outbox/logs',
      name: 'logs',
      files: [{ path: '/srv/outbox/logs/today.log', relativePath: 'today.log', size: 1 }],
      skipped: [],
      truncated: false,
    }));
    fireEvent.keyDown(document.body, { key: 'o', metaKey: true });
    const dialog = await screen.findByRole('dialog', { name: 'Add files from the host' });
    const list = await within(dialog).findByRole('listbox', { name: 'Files in /srv/outbox' });
    expect(document.activeElement).toBe(list);
    const options = () => within(dialog).getAllByRole('option');
    expect(options().map((option) => option.textContent)).toEqual([
      'logs/',
      'a.bin2.0 KiB',
      'b.bin2.0 KiB',
      'pipecannot be added',
    ]);
    const user = userEvent.setup();
    await user.keyboard('{ArrowDown}{ArrowDown}{Enter}');
    expect(list.getAttribute('aria-activedescendant')).toBe(options()[2]!.id);
    expect(options()[2]!.getAttribute('aria-selected')).toBe('true');
    await user.keyboard('{ArrowUp} ');
    expect(options()[1]!.getAttribute('aria-selected')).toBe('true');
    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowDown} ');
    expect(options()[3]!.getAttribute('aria-selected')).toBe('false');
    await user.keyboard('{Home}{Enter}');
    await within(dialog).findByRole('listbox', { name: 'Files in /srv/outbox/logs' });
    expect(within(dialog).getByRole('navigation', { name: 'Folder path' }).textContent).toBe(
      '/ › srv › outbox › logs',
    );
    await user.keyboard('{Backspace}');
    await within(dialog).findByRole('listbox', { name: 'Files in /srv/outbox' });
    // Back at the top: select the folder and one file with the mouse, then add them.
    await user.click(options()[0]!);
    await user.click(options()[2]!);
    await user.click(within(dialog).getByRole('button', { name: 'Add 2 selected' }));
    await settle();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(bridge.callsTo('files:list-folder')).toEqual([{ path: '/srv/outbox/logs' }]);
    expect(bridge.callsTo('jobs:add-many')).toEqual([
      {
        jobs: [
          { filePath: '/srv/outbox/logs/today.log', url: `${DEST}logs/today.log`, type: 'upload' },
          { filePath: '/srv/outbox/b.bin', url: `${DEST}b.bin`, type: 'upload' },
        ],
      },
    ]);
  });

  it('shows a refused folder in plain words, and Escape closes it; focus goes back', async () => {
    const { bridge } = await renderWithHost(<Button />, { capabilities: SERVE });
    bridge.handlers.set('files:browse', () =>
      Promise.reject({ code: 'not-allowed', message: '/etc is outside the folders this host shares.' }),
    );
    const button = screen.getByRole('button', { name: 'Add files' });
    await userEvent.click(button);
    const dialog = await screen.findByRole('dialog', { name: 'Add files from the host' });
    expect((await within(dialog).findByRole('alert')).textContent).toBe(
      '/etc is outside the folders this host shares. ',
    );
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(button);
  });

  it('without a host browser, opens this computer’s file picker (files are staged)', async () => {
    await renderWithHost(<Button />, { capabilities: { ...SERVE, canBrowseHostFiles: false } });
    const input = screen.getByTestId('browser-file-input') as HTMLInputElement;
    let opened = 0;
    input.click = () => {
      opened++;
    };
    await userEvent.click(screen.getByRole('button', { name: 'Add files' }));
    expect(opened).toBe(1);
  });
});

describe('breadcrumbs', () => {
  it('reach only the shared folders and below; Windows paths keep their separator', () => {
    expect(breadcrumbs('/srv/outbox/logs', ['/srv/outbox'])).toEqual([
      { label: '/', path: '/', reachable: false },
      { label: 'srv', path: '/srv', reachable: false },
      { label: 'outbox', path: '/srv/outbox', reachable: true },
      { label: 'logs', path: '/srv/outbox/logs', reachable: true },
    ]);
    expect(breadcrumbs('C:\\Users\\ann', []).map((crumb) => crumb.path)).toEqual([
      'C:\\',
      'C:\\Users',
      'C:\\Users\\ann',
    ]);
  });
});
