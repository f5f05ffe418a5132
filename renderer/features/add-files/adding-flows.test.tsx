import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useMemo } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AddJobInput } from '../../../shared/contract/core-api.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { useStores } from '../../stores/app-stores.js';
import { makeJob } from '../../testing/fake-bridge.js';
import { folderEntry } from '../../testing/folder-entries.js';
import { renderWithHost } from '../../testing/render-app.js';
import { createFileAdder } from './add-files.js';
import { DestinationBar } from './destination-bar.js';
import { DropZone } from './drop-zone.js';
import type { EntryLike } from './folder-walk.js';

afterEach(() => {
  cleanup();
  localStorage.clear();
});

function Window() {
  const stores = useStores();
  const adder = useMemo(() => createFileAdder(stores, localStorage), [stores]);
  return (
    <DropZone adder={adder}>
      <DestinationBar adder={adder} />
      <ConfirmDialog />
    </DropZone>
  );
}

const SERVE = { canStageUploads: true, canBrowseHostFiles: true, hasNativeFileDialog: false };
const DEST = 'https://intake.example.com/bits/';

/** A drop whose items carry entries (what webkitGetAsEntry gives for files and folders). */
function dropEntries(entries: Array<{ entry: EntryLike; file: File | null }>) {
  const dataTransfer = {
    types: ['Files'],
    files: entries.map((item) => item.file).filter(Boolean),
    items: entries.map((item) => ({
      kind: 'file',
      getAsFile: () => item.file,
      webkitGetAsEntry: () => item.entry,
    })),
  };
  fireEvent.dragEnter(document.body, { dataTransfer });
  fireEvent.drop(document.body, { dataTransfer });
}

function addedJobs(bridge: { callsTo(channel: string): unknown[] }): AddJobInput[] {
  return bridge.callsTo('jobs:add-many').flatMap((call) => (call as { jobs: AddJobInput[] }).jobs);
}

async function settle() {
  await act(async () => {
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

describe('dropping folders', () => {
  it('in a browser, walks nested folders (batched reads), stages each file and keeps its relative path', async () => {
    const { bridge, stores } = await renderWithHost(<Window />, { capabilities: SERVE });
    act(() => stores.ui.getState().setDestination({ url: DEST }));
    const staged: string[] = [];
    stores.transport.stageFile = async (file) => {
      staged.push(file.name);
      return { stagedPath: `/data/staging/${staged.length}/${file.name}`, bytes: file.size };
    };
    const tree = folderEntry('photos', [
      new File(['a'], 'a.jpg'),
      new File(['b'], 'b 1.jpg'),
      folderEntry('sub', [new File(['c'], 'c.jpg'), folderEntry('dir', [new File(['d'], 'file.bin')])]),
    ]);
    await act(async () => dropEntries([{ entry: tree, file: null }]));
    await settle();
    expect(staged).toEqual(['a.jpg', 'b 1.jpg', 'c.jpg', 'file.bin']);
    expect(addedJobs(bridge).map((job) => [job.filePath, job.url])).toEqual([
      ['/data/staging/1/a.jpg', `${DEST}photos/a.jpg`],
      ['/data/staging/2/b 1.jpg', `${DEST}photos/b%201.jpg`],
      ['/data/staging/3/c.jpg', `${DEST}photos/sub/c.jpg`],
      ['/data/staging/4/file.bin', `${DEST}photos/sub/dir/file.bin`],
    ]);
  });

  it('on the desktop, asks the host to list the folder and queues its files in one call; one notice for what was left out', async () => {
    const { bridge, stores } = await renderWithHost(<Window />);
    act(() => stores.ui.getState().setDestination({ url: DEST }));
    const folderFile = new File([], 'logs');
    bridge.paths.set(folderFile, '/home/ann/logs');
    bridge.handlers.set('files:list-folder', () => ({
      path: '/home/ann/logs',
      name: 'logs',
      files: [
        { path: '/home/ann/logs/a.log', relativePath: 'a.log', size: 10 },
        { path: '/home/ann/logs/2026/b#1.log', relativePath: '2026/b#1.log', size: 20 },
      ],
      skipped: [
        { relativePath: 'current', reason: 'a link (links are not followed)' },
        { relativePath: 'agent.sock', reason: 'a socket' },
      ],
      truncated: false,
    }));
    await act(async () => dropEntries([{ entry: folderEntry('logs', []), file: folderFile }]));
    await settle();
    expect(bridge.callsTo('files:list-folder')).toEqual([{ path: '/home/ann/logs' }]);
    expect(bridge.callsTo('jobs:add-many')).toEqual([
      {
        jobs: [
          { filePath: '/home/ann/logs/a.log', url: `${DEST}logs/a.log`, type: 'upload' },
          { filePath: '/home/ann/logs/2026/b#1.log', url: `${DEST}logs/2026/b%231.log`, type: 'upload' },
        ],
      },
    ]);
    const notices = stores.ui.getState().notices.map((notice) => notice.message);
    expect(notices).toEqual([
      '2 items were left out: “logs/current” (a link (links are not followed)), “logs/agent.sock” (a socket).',
    ]);
  });

  it('asks before adding more than 100 files, naming the count and total size', async () => {
    const { bridge, stores } = await renderWithHost(<Window />);
    act(() => stores.ui.getState().setDestination({ url: DEST }));
    const files = Array.from({ length: 101 }, (_, i) => {
      const file = new File([new Uint8Array(1024)], `f${i}.bin`);
      bridge.paths.set(file, `/home/ann/many/f${i}.bin`);
      return file;
    });
    const drop = () => fireEvent.drop(document.body, { dataTransfer: { types: ['Files'], files } });
    await act(async () => drop());
    const dialog = await screen.findByRole('alertdialog', { name: 'Add 101 files?' });
    expect(dialog.textContent).toContain(
      `101 files, 101.0 KiB in all, will each become an upload to ${DEST}`,
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await settle();
    expect(bridge.callsTo('jobs:add-many')).toEqual([]);
    await act(async () => drop());
    await userEvent.click(await screen.findByRole('button', { name: 'Add 101 files' }));
    await settle();
    expect(addedJobs(bridge)).toHaveLength(101);
    // 100 exactly is not asked about.
    await act(async () =>
      fireEvent.drop(document.body, { dataTransfer: { types: ['Files'], files: files.slice(1) } }),
    );
    await settle();
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });
});

describe('name clashes', () => {
  it('points out files that go where an unfinished job goes; "Skip these" adds only the others', async () => {
    const queued = makeJob({ fileName: 'report.pdf', url: `${DEST}report.pdf`, state: 'transferring' });
    const done = makeJob({ fileName: 'old.pdf', url: `${DEST}old.pdf`, state: 'acknowledged' });
    const { bridge, stores } = await renderWithHost(<Window />, { jobs: [queued, done] });
    act(() => stores.ui.getState().setDestination({ url: DEST }));
    const paths = ['/home/ann/report.pdf', '/home/ann/old.pdf', '/home/ann/new.pdf'];
    const add = () =>
      act(async () => {
        void createFileAdder(stores, undefined).addHostPaths(paths.map((path) => ({ path, kind: 'file' })));
      });
    await add();
    const dialog = await screen.findByRole('alertdialog', { name: 'This file is already queued' });
    expect(dialog.textContent).toContain('“report.pdf” goes to the same URL as an upload not finished yet');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Skip it' }));
    await settle();
    expect(addedJobs(bridge).map((job) => job.filePath)).toEqual(['/home/ann/old.pdf', '/home/ann/new.pdf']);
    await add();
    await userEvent.click(await screen.findByRole('button', { name: 'Add anyway' }));
    await settle();
    expect(addedJobs(bridge).map((job) => job.filePath)).toHaveLength(5);
  });

  it('counts two files of one drop that would go to one URL as a clash too', async () => {
    const { bridge, stores } = await renderWithHost(<Window />);
    act(() => stores.ui.getState().setDestination({ url: DEST }));
    const one = new File(['1'], 'same.txt');
    const two = new File(['2'], 'same.txt');
    bridge.paths.set(one, '/a/same.txt');
    bridge.paths.set(two, '/b/same.txt');
    await act(async () =>
      fireEvent.drop(document.body, { dataTransfer: { types: ['Files'], files: [one, two] } }),
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Skip it' }));
    await settle();
    expect(addedJobs(bridge).map((job) => job.filePath)).toEqual(['/a/same.txt']);
  });

  it('says the engine’s own “exists” refusal in plain words', async () => {
    const { bridge, stores } = await renderWithHost(<Window />);
    act(() => stores.ui.getState().setDestination({ url: DEST, type: 'upload-reply' }));
    bridge.handlers.set('jobs:add-many', () =>
      Promise.reject({
        code: 'exists',
        message: 'A file is already at /r/a.xml.',
        hint: 'Choose another reply path.',
      }),
    );
    await act(async () => {
      await createFileAdder(stores, undefined).addHostPaths([{ path: '/srv/a.bin', kind: 'file' }]);
    });
    expect(stores.ui.getState().notices.at(-1)).toMatchObject({
      message: 'The file was not added: A file is already at /r/a.xml.',
      hint: 'Choose another reply path.',
    });
  });
});

describe('paste of file paths', () => {
  it('queues pasted paths (quoted, file://) from anywhere but a text field', async () => {
    const { bridge, stores } = await renderWithHost(<Window />, {
      handlers: {
        'files:list-folder': () => {
          throw { code: 'invalid-input', message: 'It is a file, not a folder.' };
        },
      },
    });
    act(() => stores.ui.getState().setDestination({ url: DEST }));
    const paste = (target: Element, text: string) =>
      act(async () => {
        fireEvent.paste(target, { clipboardData: { files: [], getData: () => text } });
      });
    await paste(screen.getByLabelText('Destination URL'), '/home/ann/in-a-field.bin');
    await settle();
    expect(bridge.callsTo('jobs:add-many')).toEqual([]);
    await paste(document.body, '"/home/ann/My File.bin"\nfile:///home/ann/b%20c.txt\n');
    await settle();
    expect(addedJobs(bridge).map((job) => [job.filePath, job.url])).toEqual([
      ['/home/ann/My File.bin', `${DEST}My%20File.bin`],
      ['/home/ann/b c.txt', `${DEST}b%20c.txt`],
    ]);
  });

  it('expands a pasted folder into one job per file under its relative path', async () => {
    const listing = {
      name: 'photos',
      files: [
        { relativePath: 'a.jpg', size: 3, path: '/home/ann/photos/a.jpg' },
        { relativePath: 'trip/b.jpg', size: 4, path: '/home/ann/photos/trip/b.jpg' },
      ],
      skipped: [],
      truncated: false,
    };
    const { bridge, stores } = await renderWithHost(<Window />, {
      handlers: {
        'files:list-folder': (payload) => {
          if ((payload as { path: string }).path === '/home/ann/photos') return listing;
          throw { code: 'invalid-input', message: 'It is a file, not a folder.' };
        },
      },
    });
    act(() => stores.ui.getState().setDestination({ url: DEST }));
    await act(async () => {
      fireEvent.paste(document.body, {
        clipboardData: { files: [], getData: () => '/home/ann/photos\n/home/ann/notes.txt' },
      });
    });
    await settle();
    expect(addedJobs(bridge).map((job) => [job.filePath, job.url])).toEqual([
      ['/home/ann/photos/a.jpg', `${DEST}photos/a.jpg`],
      ['/home/ann/photos/trip/b.jpg', `${DEST}photos/trip/b.jpg`],
      ['/home/ann/notes.txt', `${DEST}notes.txt`],
    ]);
  });
});
