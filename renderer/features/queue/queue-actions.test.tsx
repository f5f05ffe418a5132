import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { makeJob } from '../../testing/fake-bridge.js';
import { renderWithHost } from '../../testing/render-app.js';
import { QueueView } from './queue-view.js';

afterEach(cleanup);

const clientHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 720 });
});
afterAll(() => {
  if (clientHeight) Object.defineProperty(HTMLElement.prototype, 'clientHeight', clientHeight);
});

const toolbar = () => screen.getByRole('toolbar', { name: 'Queue actions' });
const button = (name: string) => within(toolbar()).getByRole('button', { name }) as HTMLButtonElement;
const rowOf = (name: string) =>
  screen.getByRole('row', { name: new RegExp(`^${name.replace('.', '\\.')},`) });
const grid = () => screen.getByRole('grid', { name: 'Uploads' });
// Reads (the list, settings, the details pane's jobs:get) are not actions.
const actionCalls = (bridge: { calls: Array<{ channel: string; payload: unknown }> }) =>
  bridge.calls.filter(
    (call) => !['jobs:list', 'jobs:get', 'settings:get', 'app:info'].includes(call.channel),
  );

async function setUp(jobs = defaultJobs(), capabilities?: Partial<Record<string, boolean>>) {
  const rendered = await renderWithHost(
    <>
      <QueueView />
      <ConfirmDialog />
    </>,
    { jobs, ...(capabilities ? { capabilities } : {}) },
  );
  await screen.findByRole('row', { name: new RegExp(`^${jobs[0]!.fileName}`) });
  return { ...rendered, user: userEvent.setup() };
}

function defaultJobs() {
  return [
    makeJob({ fileName: 'a.bin', state: 'queued', queueOrder: 1, bytesAcked: 1024 * 1024 }),
    makeJob({ fileName: 'b.bin', state: 'suspended', queueOrder: 2, bytesAcked: 1024 * 1024 }),
    makeJob({ fileName: 'c.bin', state: 'error', queueOrder: 3 }),
    makeJob({ fileName: 'd.bin', state: 'acknowledged', queueOrder: 4 }),
  ];
}

async function selectAll(user: ReturnType<typeof userEvent.setup>) {
  await user.click(within(rowOf('a.bin')).getByText('a.bin'));
  grid().focus();
  await user.keyboard('{Control>}a{/Control}');
}

describe('the queue toolbar', () => {
  it('enables each action only for a selection it applies to, and names how many', async () => {
    const { user } = await setUp();
    expect(button('Suspend').disabled).toBe(true);
    expect(button('Remove').disabled).toBe(true);
    expect(within(toolbar()).getByText('No selection')).toBeTruthy();
    await selectAll(user);
    expect(within(toolbar()).getByText('4 selected')).toBeTruthy();
    expect(button('Suspend').disabled).toBe(false);
    expect(button('Suspend').title).toBe('Suspend “a.bin” (Space)');
    expect(button('Resume').disabled).toBe(false);
    expect(button('Retry now').disabled).toBe(false);
    expect(button('Retry now').title).toBe('Retry now “c.bin” (Ctrl+R)');
    expect(button('Complete').disabled).toBe(true);
    expect(button('Cancel 3').title).toBe('Cancel the 3 selected uploads (Shift+Delete)');
    expect(button('Remove 4').disabled).toBe(false);
    expect(button('Priority 3').getAttribute('aria-haspopup')).toBe('menu');
    expect(button('Move up 3').title).toMatch(/\(Alt\+↑\)$/);
    // The desktop reveals one file at a time.
    expect(button('Reveal file').disabled).toBe(true);
    await user.click(within(rowOf('b.bin')).getByText('b.bin'));
    expect(button('Reveal file').disabled).toBe(false);
  });

  it('a host that cannot reveal files never enables Reveal', async () => {
    const { user } = await setUp(defaultJobs(), { canRevealFiles: false });
    await user.click(within(rowOf('b.bin')).getByText('b.bin'));
    expect(button('Reveal file').disabled).toBe(true);
  });

  it('acts on every job it applies to, and Reveal asks the host for the file', async () => {
    const { user, bridge } = await setUp();
    await selectAll(user);
    await user.click(button('Resume'));
    await user.click(button('Priority 3'));
    await user.click(screen.getByRole('menuitemradio', { name: 'High' }));
    expect(document.activeElement).toBe(button('Priority 3'));
    await user.click(within(rowOf('a.bin')).getByText('a.bin'));
    await user.click(button('Reveal file'));
    expect(actionCalls(bridge).map((call) => call.channel)).toEqual([
      'jobs:resume',
      'jobs:set-priority',
      'jobs:set-priority',
      'jobs:set-priority',
      'files:reveal',
    ]);
    expect(bridge.callsTo('jobs:set-priority').map((p) => (p as { priority: string }).priority)).toEqual([
      'high',
      'high',
      'high',
    ]);
  });

  it('cancel asks once for the whole selection, naming how many and what is lost', async () => {
    const { user, bridge } = await setUp();
    await selectAll(user);
    await user.click(button('Cancel 3'));
    const dialog = screen.getByRole('alertdialog', { name: 'Cancel 3 uploads?' });
    expect(dialog.textContent).toContain('2.0 MiB already sent is lost');
    await user.click(within(dialog).getByRole('button', { name: 'Keep uploading' }));
    expect(bridge.callsTo('jobs:cancel')).toEqual([]);
    await user.click(button('Cancel 3'));
    await user.click(screen.getByRole('button', { name: 'Cancel 3 uploads' }));
    expect(bridge.callsTo('jobs:cancel')).toHaveLength(3);
    expect(screen.queryAllByRole('alertdialog')).toHaveLength(0);
  });

  it('removing finished jobs asks nothing; unfinished ones are cancelled first, after one question', async () => {
    const { user, bridge, stores } = await setUp();
    bridge.handlers.set('jobs:remove', (payload) => ({ removed: (payload as { ids: string[] }).ids }));
    await user.click(within(rowOf('d.bin')).getByText('d.bin'));
    await user.click(button('Remove'));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(bridge.callsTo('jobs:remove')).toHaveLength(1);
    await selectAll(user);
    await user.click(button('Remove 4'));
    const dialog = screen.getByRole('alertdialog', { name: 'Remove 4 uploads?' });
    expect(dialog.textContent).toContain('3 of them are not finished');
    await user.click(within(dialog).getByRole('button', { name: 'Remove 4 uploads' }));
    expect(bridge.callsTo('jobs:cancel')).toHaveLength(3);
    expect(bridge.callsTo('jobs:remove')).toHaveLength(2);
    expect((bridge.callsTo('jobs:remove')[1] as { ids: string[] }).ids).toHaveLength(4);
    expect(stores.ui.getState().notices).toEqual([]);
  });

  it('a job just cancelled is removed once the engine has told the server', async () => {
    const job = makeJob({ fileName: 'open.bin', state: 'transferring', bytesAcked: 5 * 1024 * 1024 });
    const { user, bridge, stores } = await setUp([job]);
    // The engine keeps a cancelled job with an open session until the server has been told.
    let tries = 0;
    bridge.handlers.set('jobs:remove', () => ({ removed: ++tries < 3 ? [] : [job.id] }));
    await user.click(within(rowOf('open.bin')).getByText('open.bin'));
    await user.click(button('Remove'));
    const dialog = screen.getByRole('alertdialog', { name: 'Remove 1 upload?' });
    expect(dialog.textContent).toContain(
      'It is not finished: it is cancelled first, and 5.0 MiB already sent is lost.',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Remove 1 upload' }));
    await act(() => vi.waitFor(() => expect(tries).toBe(3), { timeout: 5_000 }));
    expect(bridge.callsTo('jobs:cancel')).toEqual([{ id: job.id }]);
    expect(stores.ui.getState().notices).toEqual([]);
  });

  it('failures of a bulk action come back as one notice', async () => {
    const { user, bridge, stores } = await setUp(
      ['a', 'b', 'c', 'd', 'e'].map((n, i) =>
        makeJob({ fileName: `${n}.bin`, state: 'queued', queueOrder: i }),
      ),
    );
    let calls = 0;
    bridge.handlers.set('jobs:suspend', () =>
      ++calls % 2 === 1 ? Promise.reject({ code: 'io', message: 'The database is locked.' }) : null,
    );
    await selectAll(user);
    await user.click(button('Suspend 5'));
    const notices = stores.ui.getState().notices.map((n) => n.message);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(
      /^Suspend: 3 of 5 failed \(“.\.bin”, “.\.bin”, “.\.bin”\): The database is locked\.$/,
    );
  });

  it('Suspend all and Resume all act on the whole queue', async () => {
    const { user, bridge } = await setUp();
    await user.click(button('Suspend all'));
    await user.click(button('Resume all'));
    expect(actionCalls(bridge).map((call) => call.channel)).toEqual(['jobs:suspend-all', 'jobs:resume-all']);
  });
});

describe('queue keys', () => {
  it('Delete, Ctrl+R, Alt+arrows, +/- and Enter act on the selection', async () => {
    const { user, bridge, stores } = await setUp();
    await user.click(within(rowOf('d.bin')).getByText('d.bin'));
    grid().focus();
    await user.keyboard('{Delete}');
    expect(bridge.callsTo('jobs:remove')).toHaveLength(1);
    await user.click(within(rowOf('c.bin')).getByText('c.bin'));
    grid().focus();
    await user.keyboard('{Control>}r{/Control}');
    expect(bridge.callsTo('jobs:retry')).toHaveLength(1);
    await user.keyboard('{Alt>}{ArrowUp}{/Alt}');
    await user.keyboard('{Alt>}{End}{/Alt}');
    expect(bridge.callsTo('jobs:move').map((p) => (p as { where: string }).where)).toEqual(['up', 'bottom']);
    await user.keyboard('+');
    expect(bridge.callsTo('jobs:set-priority').map((p) => (p as { priority: string }).priority)).toEqual([
      'high',
    ]);
    act(() => stores.ui.getState().closeDetails());
    expect(stores.ui.getState().detailsOpen).toBe(false);
    grid().focus();
    await user.keyboard('{Enter}');
    expect(stores.ui.getState().detailsOpen).toBe(true);
  });

  it('Shift+F10 opens the context menu with shortcuts; arrows move, Escape closes, focus returns', async () => {
    const { user, bridge } = await setUp();
    await user.click(within(rowOf('b.bin')).getByText('b.bin'));
    grid().focus();
    await user.keyboard('{Shift>}{F10}{/Shift}');
    const menu = screen.getByRole('menu', { name: 'Upload actions' });
    const first = within(menu).getByRole('menuitem', { name: 'Resume' });
    expect(document.activeElement).toBe(first);
    expect(first.getAttribute('aria-keyshortcuts')).toBe('Space');
    expect(within(menu).getByRole('menuitem', { name: 'Retry now' }).getAttribute('aria-disabled')).toBe(
      'true',
    );
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement?.textContent).toContain('Cancel…');
    await user.keyboard('{End}');
    expect(document.activeElement?.textContent).toContain('Remove…');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(grid());
    // Right-click a row outside the selection: it becomes the selection, and the menu acts on it.
    fireEvent.contextMenu(within(rowOf('a.bin')).getByText('a.bin'), { clientX: 40, clientY: 50 });
    expect(rowOf('a.bin').getAttribute('aria-selected')).toBe('true');
    expect(rowOf('b.bin').getAttribute('aria-selected')).toBe('false');
    await user.click(screen.getByRole('menuitem', { name: 'Suspend' }));
    expect(bridge.callsTo('jobs:suspend')).toHaveLength(1);
  });

  it('Ctrl+F goes to the search box from anywhere in the window', async () => {
    const { user } = await setUp();
    (document.activeElement as HTMLElement | null)?.blur();
    await user.keyboard('{Control>}f{/Control}');
    expect(document.activeElement).toBe(screen.getByLabelText('Search names'));
  });
});

describe('sorting, filtering and searching', () => {
  it('a header sorts, a second click reverses, a third goes back to queue order', async () => {
    const { user } = await setUp([
      makeJob({ fileName: 'b.bin', bytesTotal: 300, queueOrder: 1 }),
      makeJob({ fileName: 'c.bin', bytesTotal: 100, queueOrder: 2 }),
      makeJob({ fileName: 'a.bin', bytesTotal: 200, queueOrder: 3 }),
    ]);
    const shown = () =>
      within(grid())
        .getAllByRole('row')
        .map((r) => r.getAttribute('aria-label')?.split(',')[0])
        .filter(Boolean);
    const header = screen.getByRole('columnheader', { name: 'Size' });
    expect(header.getAttribute('aria-sort')).toBeNull();
    await user.click(within(header).getByRole('button', { name: 'Sort by size' }));
    expect(header.getAttribute('aria-sort')).toBe('ascending');
    expect(shown()).toEqual(['c.bin', 'a.bin', 'b.bin']);
    await user.click(within(header).getByRole('button', { name: 'Sort by size' }));
    expect(header.getAttribute('aria-sort')).toBe('descending');
    expect(shown()).toEqual(['b.bin', 'a.bin', 'c.bin']);
    // Shift-click ranges follow the order shown.
    await user.click(within(rowOf('b.bin')).getByText('b.bin'));
    await user.keyboard('{Shift>}');
    await user.click(within(rowOf('a.bin')).getByText('a.bin'));
    await user.keyboard('{/Shift}');
    expect(within(toolbar()).getByText('2 selected')).toBeTruthy();
    await user.click(within(header).getByRole('button', { name: 'Sort by size' }));
    expect(header.getAttribute('aria-sort')).toBeNull();
    expect(shown()).toEqual(['b.bin', 'c.bin', 'a.bin']);
  });

  it('state chips count and filter; the search matches names, debounced, and says how many', async () => {
    const { user } = await setUp([
      makeJob({ fileName: 'Report-1.pdf', state: 'suspended' }),
      makeJob({ fileName: 'report-2.pdf', state: 'error' }),
      makeJob({ fileName: 'photo.raw', state: 'suspended' }),
    ]);
    expect(screen.getByRole('radio', { name: 'Suspended 2' })).toBeTruthy();
    await user.click(screen.getByRole('radio', { name: 'Failed 1' }));
    expect(within(grid()).getAllByRole('row')).toHaveLength(2);
    await user.click(screen.getByRole('radio', { name: 'All 3' }));
    await user.type(screen.getByLabelText('Search names'), 'REPORT');
    expect(await screen.findByText('2 of 3 match')).toBeTruthy();
    expect(screen.getByRole('radio', { name: 'Suspended 1' })).toBeTruthy();
    expect(screen.queryByRole('row', { name: /^photo\.raw/ })).toBeNull();
    await user.clear(screen.getByLabelText('Search names'));
    await user.type(screen.getByLabelText('Search names'), 'nothing-like-it');
    expect(await screen.findByText(/No job’s name contains “nothing-like-it”/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Show all jobs' }));
    expect(await screen.findByRole('row', { name: /^photo\.raw/ })).toBeTruthy();
  });
});

describe('drag to reorder', () => {
  it('a dragged row goes before the row it is dropped on, through jobs:move', async () => {
    const jobs = ['a', 'b', 'c'].map((n, i) =>
      makeJob({ fileName: `${n}.bin`, state: 'suspended', queueOrder: i }),
    );
    const { bridge } = await setUp(jobs);
    // jsdom lays nothing out: the list's top is at 0, rows are 36 px tall.
    const row = rowOf('c.bin');
    fireEvent.pointerDown(row, { button: 0, clientY: 2 * 36 + 18 });
    act(() => {
      window.dispatchEvent(new MouseEvent('pointermove', { clientY: 40 }));
    });
    expect(screen.getByRole('status').textContent).toBe('Move here');
    act(() => {
      window.dispatchEvent(new MouseEvent('pointermove', { clientY: 4 }));
      window.dispatchEvent(new MouseEvent('pointerup', { clientY: 4 }));
    });
    await act(async () => {});
    expect(bridge.callsTo('jobs:move')).toEqual([{ id: jobs[2]!.id, where: { before: jobs[0]!.id } }]);
    // The click that ends the drag does not change the selection.
    expect(rowOf('c.bin').getAttribute('aria-selected')).toBe('false');
  });

  it('no drag while the list is sorted by another column', async () => {
    const jobs = ['a', 'b'].map((n, i) =>
      makeJob({ fileName: `${n}.bin`, state: 'suspended', queueOrder: i }),
    );
    const { bridge, user } = await setUp(jobs);
    await user.click(screen.getByRole('button', { name: 'Sort by name' }));
    fireEvent.pointerDown(rowOf('b.bin'), { button: 0, clientY: 36 + 18 });
    act(() => {
      window.dispatchEvent(new MouseEvent('pointermove', { clientY: 2 }));
      window.dispatchEvent(new MouseEvent('pointerup', { clientY: 2 }));
    });
    expect(bridge.callsTo('jobs:move')).toEqual([]);
  });
});
