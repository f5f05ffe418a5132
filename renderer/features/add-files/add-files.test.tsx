import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useMemo } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { useStores } from '../../stores/app-stores.js';
import { renderWithHost } from '../../testing/render-app.js';
import { createFileAdder } from './add-files.js';
import { DestinationBar } from './destination-bar.js';
import { DropZone } from './drop-zone.js';
import { baseName, planJobs } from './plan-jobs.js';

afterEach(cleanup);

function Window() {
  const stores = useStores();
  const adder = useMemo(() => createFileAdder(stores), [stores]);
  return (
    <DropZone adder={adder}>
      <DestinationBar adder={adder} />
    </DropZone>
  );
}

function drop(files: File[]) {
  const dataTransfer = { types: ['Files'], files, dropEffect: 'none' };
  fireEvent.dragEnter(document.body, { dataTransfer });
  fireEvent.dragOver(document.body, { dataTransfer });
  fireEvent.drop(document.body, { dataTransfer });
}

describe('adding files', () => {
  it('a dropped file on the desktop is queued from its path, to <folder URL><encoded name>', async () => {
    const { bridge } = await renderWithHost(<Window />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Destination URL'), 'https://intake.example.com/bits/');
    await user.click(screen.getByRole('radio', { name: 'Upload-reply' }));
    const file = new File(['x'], 'Q3 report.pdf');
    bridge.paths.set(file, '/home/ann/Q3 report.pdf');
    await act(async () => drop([file]));
    expect(bridge.callsTo('jobs:add-many')).toEqual([
      {
        jobs: [
          {
            filePath: '/home/ann/Q3 report.pdf',
            url: 'https://intake.example.com/bits/Q3%20report.pdf',
            type: 'upload-reply',
          },
        ],
      },
    ]);
  });

  it('the overlay says where dropped files will go', async () => {
    const { stores } = await renderWithHost(<Window />);
    act(() => stores.ui.getState().setDestination({ url: 'https://intake.example.com/bits/' }));
    fireEvent.dragEnter(document.body, { dataTransfer: { types: ['Files'], files: [] } });
    expect(screen.getByText('Drop to upload to intake.example.com/bits/')).toBeTruthy();
  });

  it('without a destination nothing is queued and the user is told what to do', async () => {
    const { bridge, stores } = await renderWithHost(<Window />);
    const file = new File(['x'], 'a.bin');
    bridge.paths.set(file, '/tmp/a.bin');
    await act(async () => drop([file]));
    expect(bridge.callsTo('jobs:add-many')).toEqual([]);
    expect(stores.ui.getState().notices[0]?.message).toBe('Enter a destination URL first.');
  });

  it('a browser file is refused plainly when the host cannot stage uploads', async () => {
    const { bridge, stores } = await renderWithHost(<Window />);
    act(() => stores.ui.getState().setDestination({ url: 'https://intake.example.com/bits/' }));
    await act(async () => drop([new File(['x'], 'no-path.bin')]));
    expect(bridge.callsTo('jobs:add-many')).toEqual([]);
    expect(stores.ui.getState().notices[0]?.message).toMatch(/“no-path\.bin” could not be added/);
  });

  it('a path typed while the previous one is being added is kept (not cleared by the first answer)', async () => {
    const { bridge, stores } = await renderWithHost(<Window />);
    act(() => stores.ui.getState().setDestination({ url: 'https://intake.example.com/bits/' }));
    let release!: () => void;
    bridge.handlers.set('jobs:add-many', () => new Promise((resolve) => (release = () => resolve([]))));
    const user = userEvent.setup();
    const field = screen.getByLabelText('File path') as HTMLInputElement;
    await user.type(field, '/srv/one.bin');
    await user.click(screen.getByRole('button', { name: 'Add path' }));
    await user.type(field, '/srv/two.bin');
    await act(async () => release());
    expect(field.value).toBe('/srv/two.bin');
  });

  it('a refused path comes back into the field with the reason', async () => {
    const { bridge, stores } = await renderWithHost(<Window />);
    act(() => stores.ui.getState().setDestination({ url: 'https://intake.example.com/bits/' }));
    bridge.handlers.set('jobs:add-many', () =>
      Promise.reject({ code: 'invalid-input', message: 'No such file: /srv/missing.bin' }),
    );
    const user = userEvent.setup();
    const field = screen.getByLabelText('File path') as HTMLInputElement;
    await user.type(field, '/srv/missing.bin{Enter}');
    await screen.findByDisplayValue('/srv/missing.bin');
    expect(stores.ui.getState().notices[0]?.message).toBe('No such file: /srv/missing.bin');
  });
});

describe('planJobs', () => {
  it('refuses several files for one file URL, and names that are not file names', () => {
    const two = [
      { name: 'a', path: '/a' },
      { name: 'b', path: '/b' },
    ];
    expect(planJobs(two, 'https://h/x.bin', 'upload')).toMatchObject({ ok: false, message: /2 files/ });
    expect(planJobs([{ name: 'a', path: '/a' }], 'https://h/x.bin', 'upload')).toEqual({
      ok: true,
      jobs: [{ filePath: '/a', url: 'https://h/x.bin', type: 'upload' }],
    });
    expect(planJobs([{ name: '..', path: '/x/..' }], 'https://h/in/', 'upload')).toMatchObject({ ok: false });
    expect(planJobs(two, 'ftp://h/in/', 'upload')).toMatchObject({ ok: false, message: /not ftp/ });
    expect(planJobs(two, 'not a url', 'upload')).toMatchObject({ ok: false, message: /is not a URL/ });
  });

  it('takes a host path’s last part for either separator', () => {
    expect(baseName('/srv/out/dump.dmp')).toBe('dump.dmp');
    expect(baseName('C:\\Users\\ann\\dump.dmp')).toBe('dump.dmp');
  });
});
