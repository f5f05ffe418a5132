import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { type APIRequestContext, expect, test } from '@playwright/test';
import { lineLayout } from './support/layout.js';
import { row } from './support/page-helpers.js';
import { api, bits, page, SCREENSHOTS, serve, temp, useWindow } from './support/window.js';

/**
 * Acting on the queue (issue 7): the toolbar on a multi-selection, drag and Alt+arrow reorder,
 * cancel with its confirmation, keyboard-only use, sort / filter / search. A real `serve` and
 * the reference BITS server; the bandwidth limit keeps jobs unfinished while the test acts.
 */
test.describe.configure({ mode: 'serial' });

let files: string;

useWindow({ name: 'actions', viewport: { width: 1280, height: 720 } });

test.beforeAll(() => {
  files = join(temp, 'files');
  mkdirSync(files);
});

/** Suspended jobs for files of `size` bytes, in this queue order. */
async function addJobs(request: APIRequestContext, names: string[], size = 2_000_000) {
  const jobs = names.map((name) => {
    writeFileSync(join(files, name), Buffer.alloc(size, 3));
    return { filePath: join(files, name), url: `${bits.origin}/actions/${name}`, suspended: true };
  });
  return (await api(request, 'jobs:add-many', { jobs })) as Array<{ id: string }>;
}

/** The file names of the rows, top to bottom. */
async function shownNames(): Promise<string[]> {
  const labels = await page
    .getByRole('grid', { name: 'Uploads' })
    .getByRole('row')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label')).filter((label) => label !== null));
  return labels.map((label) => label.split(', ')[0]!);
}

const grid = () => page.getByRole('grid', { name: 'Uploads' });
const toolbar = () => page.getByRole('toolbar', { name: 'Queue actions' });

/** How far the grid's cells stick out past its right edge (0: everything fits). */
async function overflow(): Promise<number> {
  return grid().evaluate((element) => {
    const right = element.getBoundingClientRect().right;
    let worst = 0;
    for (const cell of element.querySelectorAll('[role="gridcell"], [role="columnheader"]')) {
      const box = cell.getBoundingClientRect();
      if (box.width > 0) worst = Math.max(worst, box.right - right);
    }
    return Math.max(worst, element.scrollWidth - element.clientWidth);
  });
}

// Slow enough that nothing finishes while a test looks; small fragments so progress shows.
test('every column fits at 1280 px, long names keep their ends, narrow windows drop columns', async ({
  request,
}) => {
  await api(request, 'settings:update', { bandwidthLimitBps: 16 * 1024, fragmentSize: 16 * 1024 });
  const long = 'quarterly-figures-for-the-regional-office-2026-04-12-final-version.xlsx';
  const [job] = await addJobs(request, [long], 10_000);
  await page.goto(serve.url);
  await expect(row(page, long, 'Suspended')).toBeVisible();
  expect(await overflow()).toBeLessThanOrEqual(0);
  const name = row(page, long).getByRole('gridcell').first();
  await expect(name).toHaveAttribute('title', long);
  await expect(name).toContainText('final-version.xlsx');
  const header = (label: string) => grid().getByRole('columnheader', { name: label });
  for (const label of ['Sent', 'Priority', 'Host', 'Actions']) await expect(header(label)).toBeVisible();
  await page.screenshot({ path: join(SCREENSHOTS, 'web-queue-fits-1280.png') });

  await page.setViewportSize({ width: 900, height: 720 });
  await expect(header('Sent')).toBeHidden();
  await expect(header('Priority')).toBeHidden();
  await expect(header('Host')).toBeHidden();
  await expect(header('Actions')).toBeVisible();
  expect(await overflow()).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 640, height: 720 });
  await expect(header('Speed')).toBeHidden();
  await expect(header('Progress')).toBeVisible();
  expect(await overflow()).toBeLessThanOrEqual(0);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: join(SCREENSHOTS, 'web-queue-narrow-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 720 });
  await api(request, 'jobs:cancel', { id: job!.id });
  await api(request, 'jobs:remove', { ids: [job!.id] });
});

test('from 1280 px the destination bar and the toolbar are one row each, details pane open or not; narrower they wrap', async ({
  request,
}) => {
  const [job] = await addJobs(request, ['layout-check.bin'], 10_000);
  await page.goto(serve.url);
  await expect(row(page, 'layout-check.bin', 'Suspended')).toBeVisible();
  // The bar's controls for the next files (the host path and its button have their own row).
  const bar = page.getByRole('region', { name: 'Destination' });
  const barControls = ':is(button, input:not([type="radio"]), select, .radio):not(.field--path *)';
  const pane = page.getByRole('complementary', { name: 'layout-check.bin' });
  const layouts = async () => ({
    bar: await lineLayout(bar, barControls),
    toolbar: await lineLayout(toolbar(), 'button'),
  });
  const oneRowEach = { bar: { lines: 1, overflow: 0 }, toolbar: { lines: 1, overflow: 0 } };
  for (const width of [1280, 1366, 1440]) {
    await page.setViewportSize({ width, height: 720 });
    await expect(pane).toBeHidden();
    expect(await layouts(), `${width} px`).toEqual(oneRowEach);
    await row(page, 'layout-check.bin').getByText('layout-check.bin').click();
    await expect(pane).toBeVisible();
    expect(await layouts(), `${width} px, details pane open`).toEqual(oneRowEach);
    if (width === 1280) {
      await page.screenshot({ path: join(SCREENSHOTS, 'web-queue-bars-1280.png') });
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.screenshot({ path: join(SCREENSHOTS, 'web-queue-bars-1280-dark.png') });
      await page.emulateMedia({ colorScheme: 'light' });
    }
    await pane.getByRole('button', { name: 'Close details' }).click();
  }
  // Narrower, they wrap onto more lines (at 800 px both do) with nothing cut off at the right.
  for (const width of [1024, 800, 640]) {
    await page.setViewportSize({ width, height: 720 });
    const narrow = await layouts();
    expect(narrow.bar.overflow, `${width} px`).toBeLessThanOrEqual(0);
    expect(narrow.toolbar.overflow, `${width} px`).toBeLessThanOrEqual(0);
    if (width === 800) {
      expect(narrow.bar.lines).toBeGreaterThan(1);
      expect(narrow.toolbar.lines).toBeGreaterThan(1);
      await page.screenshot({ path: join(SCREENSHOTS, 'web-queue-bars-800.png') });
    }
  }
  await page.setViewportSize({ width: 1280, height: 720 });
  await api(request, 'jobs:cancel', { id: job!.id });
  await api(request, 'jobs:remove', { ids: [job!.id] });
  await expect(row(page, 'layout-check.bin')).toHaveCount(0);
});

test('a multi-selection suspends and resumes from the toolbar, which names how many', async ({ request }) => {
  await addJobs(request, ['alpha.bin', 'beta.log', 'gamma.dmp', 'delta.iso']);
  await expect(row(page, 'delta.iso', 'Suspended')).toBeVisible();
  // Nothing selected: the selection's buttons wait.
  await expect(toolbar().getByRole('button', { name: 'Resume', exact: true })).toBeDisabled();
  await row(page, 'alpha.bin').getByText('alpha.bin').click();
  await row(page, 'gamma.dmp')
    .getByText('gamma.dmp')
    .click({ modifiers: ['Shift'] });
  await expect(toolbar().getByText('3 selected')).toBeVisible();
  const resume = toolbar().getByRole('button', { name: 'Resume 3' });
  await expect(resume).toBeEnabled();
  await expect(resume).toHaveAttribute('title', /\(Space\)$/);
  await expect(toolbar().getByRole('button', { name: 'Suspend', exact: true })).toBeDisabled();
  await resume.click();
  for (const name of ['alpha.bin', 'beta.log', 'gamma.dmp']) {
    await expect(row(page, name)).not.toHaveAttribute('aria-label', /Suspended/);
  }
  await expect(row(page, 'delta.iso', 'Suspended')).toBeVisible();
  await page.screenshot({ path: join(SCREENSHOTS, 'web-queue-actions.png') });
  await toolbar().getByRole('button', { name: 'Suspend 3' }).click();
  for (const name of ['alpha.bin', 'beta.log', 'gamma.dmp'])
    await expect(row(page, name, 'Suspended')).toBeVisible();
});

test('rows reorder by drag and drop and by Alt+arrows, and the selection stays', async () => {
  expect(await shownNames()).toEqual(['alpha.bin', 'beta.log', 'gamma.dmp', 'delta.iso']);
  // Drag delta.iso (not selected: it moves alone) above alpha.bin.
  const from = await row(page, 'delta.iso').boundingBox();
  const to = await row(page, 'alpha.bin').boundingBox();
  await page.mouse.move(from!.x + 60, from!.y + from!.height / 2);
  await page.mouse.down();
  await page.mouse.move(from!.x + 60, from!.y - 10, { steps: 4 });
  await page.mouse.move(to!.x + 60, to!.y + 4, { steps: 6 });
  await expect(page.getByRole('status').filter({ hasText: 'Move here' })).toBeVisible();
  await page.mouse.up();
  await expect.poll(shownNames).toEqual(['delta.iso', 'alpha.bin', 'beta.log', 'gamma.dmp']);

  // The keyboard way: select gamma.dmp, Alt+Up twice, Alt+Home.
  await row(page, 'gamma.dmp').getByText('gamma.dmp').click();
  await grid().focus();
  await page.keyboard.press('Alt+ArrowUp');
  await expect.poll(shownNames).toEqual(['delta.iso', 'alpha.bin', 'gamma.dmp', 'beta.log']);
  await page.keyboard.press('Alt+Home');
  await expect.poll(shownNames).toEqual(['gamma.dmp', 'delta.iso', 'alpha.bin', 'beta.log']);
  await expect(row(page, 'gamma.dmp')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Alt+End');
  await expect.poll(shownNames).toEqual(['delta.iso', 'alpha.bin', 'beta.log', 'gamma.dmp']);
});

test('a drop across priorities is refused in plain words', async ({ request }) => {
  const [urgent] = await addJobs(request, ['urgent.bin']);
  await api(request, 'jobs:set-priority', { id: urgent!.id, priority: 'high' });
  await expect.poll(shownNames).toEqual(['urgent.bin', 'delta.iso', 'alpha.bin', 'beta.log', 'gamma.dmp']);
  const from = await row(page, 'beta.log').boundingBox();
  const to = await row(page, 'urgent.bin').boundingBox();
  await page.mouse.move(from!.x + 60, from!.y + from!.height / 2);
  await page.mouse.down();
  await page.mouse.move(to!.x + 60, to!.y + 4, { steps: 8 });
  await expect(page.getByRole('status').filter({ hasText: /^Stays among Normal jobs/ })).toBeVisible();
  await page.mouse.up();
  await expect(page.getByText(/^Not moved: Stays among Normal jobs/)).toBeVisible();
  expect(await shownNames()).toEqual(['urgent.bin', 'delta.iso', 'alpha.bin', 'beta.log', 'gamma.dmp']);
  await page.getByRole('button', { name: /^Dismiss: Not moved/ }).click();
});

test('sort by a column header, filter by a state chip, search by name', async ({ request }) => {
  await api(request, 'jobs:resume', { id: (await api(request, 'jobs:list', { search: 'beta' })).jobs[0].id });
  await expect(row(page, 'beta.log')).not.toHaveAttribute('aria-label', /Suspended/);
  const nameHeader = grid().getByRole('columnheader', { name: 'Name' });
  await nameHeader.getByRole('button', { name: 'Sort by name' }).click();
  await expect(nameHeader).toHaveAttribute('aria-sort', 'ascending');
  expect(await shownNames()).toEqual(['alpha.bin', 'beta.log', 'delta.iso', 'gamma.dmp', 'urgent.bin']);
  await nameHeader.getByRole('button', { name: 'Sort by name' }).click();
  await expect(nameHeader).toHaveAttribute('aria-sort', 'descending');
  expect(await shownNames()).toEqual(['urgent.bin', 'gamma.dmp', 'delta.iso', 'beta.log', 'alpha.bin']);
  // Moves need the queue's own order: the toolbar says so.
  await row(page, 'alpha.bin').getByText('alpha.bin').click();
  await expect(toolbar().getByRole('button', { name: 'Move up' })).toHaveAttribute(
    'title',
    'Sort by queue order to move jobs',
  );
  await nameHeader.getByRole('button', { name: 'Sort by name' }).click();
  await expect(nameHeader).not.toHaveAttribute('aria-sort');
  expect(await shownNames()).toEqual(['urgent.bin', 'delta.iso', 'alpha.bin', 'beta.log', 'gamma.dmp']);

  await expect(page.getByRole('radio', { name: 'Suspended 4' })).toBeVisible();
  await page.getByRole('radio', { name: 'Suspended 4' }).check();
  expect(await shownNames()).toEqual(['urgent.bin', 'delta.iso', 'alpha.bin', 'gamma.dmp']);
  await page.getByLabel('Search names').fill('A.D');
  await expect(page.getByText('1 of 5 match')).toBeVisible();
  expect(await shownNames()).toEqual(['gamma.dmp']);
  await page.getByLabel('Search names').fill('zzz');
  await expect(page.getByText('No job’s name contains “zzz” in this state.')).toBeVisible();
  await page.getByRole('button', { name: 'Show all jobs' }).click();
  await expect(page.getByLabel('Search names')).toHaveValue('');
  await expect.poll(shownNames).toHaveLength(5);
});

test('keyboard only: select, suspend and resume, the context menu, remove with its question', async () => {
  // From the search box, Tab reaches the grid (the sortable headers' buttons come first).
  await page.getByLabel('Search names').focus();
  for (let i = 0; i < 20 && !(await grid().evaluate((element) => element.matches(':focus'))); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(grid()).toBeFocused();
  await page.keyboard.press('Home');
  await expect(row(page, 'urgent.bin')).toHaveAttribute('aria-selected', 'true');
  await expect(row(page, 'delta.iso')).toHaveAttribute('aria-selected', 'false');
  await page.keyboard.press('Space');
  await expect(row(page, 'urgent.bin')).not.toHaveAttribute('aria-label', /Suspended/);
  await page.keyboard.press('Space');
  await expect(row(page, 'urgent.bin', 'Suspended')).toBeVisible();

  // The menu key opens the context menu at the row; arrows move, Escape closes, focus returns.
  await page.keyboard.press('Shift+F10');
  const menu = page.getByRole('menu', { name: 'Upload actions' });
  await expect(menu).toBeVisible();
  await expect(menu.getByRole('menuitem', { name: 'Resume' })).toBeFocused();
  await expect(menu.getByRole('menuitemradio', { name: 'High' })).toHaveAttribute('aria-checked', 'true');
  await page.screenshot({ path: join(SCREENSHOTS, 'web-queue-context-menu.png') });
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(grid()).toBeFocused();

  // Lower its priority from the menu: it joins the Normal jobs, at its own queue position (last).
  await page.keyboard.press('ContextMenu');
  await expect(menu).toBeVisible();
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitemradio', { name: 'Normal' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(menu).toBeHidden();
  await expect.poll(shownNames).toEqual(['delta.iso', 'alpha.bin', 'beta.log', 'gamma.dmp', 'urgent.bin']);
  await expect(grid()).toBeFocused();

  // Delete asks first (the job is unfinished), on the safe button; Escape keeps the job.
  await grid().focus();
  await page.keyboard.press('Delete');
  const dialog = page.getByRole('alertdialog', { name: 'Remove 1 upload?' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Keep' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(row(page, 'urgent.bin')).toBeVisible();
  await page.keyboard.press('Delete');
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Remove 1 upload' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(row(page, 'urgent.bin')).toHaveCount(0);
  await expect(grid()).toBeFocused();

  // Ctrl+F goes to the search from anywhere.
  await page.keyboard.press('Control+f');
  await expect(page.getByLabel('Search names')).toBeFocused();
});

test('the status bar’s limit opens a popover that changes it, with no accessibility problems', async () => {
  const opener = page.getByRole('button', { name: 'Change limit: 16.0 KiB/s' });
  await opener.focus();
  await page.keyboard.press('Enter');
  const popover = page.getByRole('dialog', { name: 'Bandwidth limit' });
  await expect(popover).toBeVisible();
  const axe = await new AxeBuilder({ page }).include('.bandwidth__popover').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  await page.screenshot({ path: join(SCREENSHOTS, 'web-queue-limit-popover.png') });
  await popover.getByLabel('Custom limit').fill('24');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Change limit: 24.0 KiB/s' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(popover).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(popover).toBeHidden();
  await expect(page.getByRole('button', { name: 'Change limit: 24.0 KiB/s' })).toBeFocused();
});

test('cancel of several jobs asks once, names how many and what is lost', async () => {
  await grid().focus();
  await page.keyboard.press('Control+a');
  await expect(toolbar().getByText('4 selected')).toBeVisible();
  await toolbar().getByRole('button', { name: 'Cancel 4' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Cancel 4 uploads?' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(/already sent is lost|Nothing has been sent yet/);
  await page.screenshot({ path: join(SCREENSHOTS, 'web-queue-cancel-confirm.png') });
  await dialog.getByRole('button', { name: 'Keep uploading' }).click();
  for (const name of ['delta.iso', 'alpha.bin', 'beta.log', 'gamma.dmp'])
    await expect(row(page, name)).not.toHaveAttribute('aria-label', /Cancelled/);
  await toolbar().getByRole('button', { name: 'Cancel 4' }).click();
  await dialog.getByRole('button', { name: 'Cancel 4 uploads' }).click();
  for (const name of ['delta.iso', 'alpha.bin', 'beta.log', 'gamma.dmp'])
    await expect(row(page, name, 'Cancelled')).toBeVisible();
  // Finished ones remove without a question.
  await toolbar().getByRole('button', { name: 'Remove 4' }).click();
  await expect(page.getByRole('heading', { name: 'No uploads yet' })).toBeVisible();
});
