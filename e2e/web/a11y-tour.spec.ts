import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import { seriousViolations, type Theme, tabThrough, unreachedInPanel, useTheme } from './support/a11y.js';
import { row } from './support/page-helpers.js';
import { api, bits, page, SCREENSHOTS, serve, temp, useWindow } from './support/window.js';

/**
 * A tour of every view in the rail (whatever views the build has: the tabs are read from the
 * page) with jobs in several states and a failed job selected: axe-core in light and dark, the
 * screenshots of each view, and Tab reaching every control with a visible focus ring.
 */
test.describe.configure({ mode: 'serial' });

const THEMES: Theme[] = ['light', 'dark'];
/** The reference server refuses uploads over this many bytes: the "failed" job is bigger. */
const MAX_UPLOAD = 2_000_000;

useWindow({
  name: 'a11y',
  bitsArgs: ['--max-upload', String(MAX_UPLOAD)],
  viewport: { width: 1400, height: 860 },
});

function file(name: string, size: number): string {
  const path = join(temp, name);
  writeFileSync(path, Buffer.alloc(size, 7));
  return path;
}

/** Jobs done, failed, suspended, cancelled, transferring (held back by the limit) and queued. */
async function queueInSeveralStates(request: APIRequestContext) {
  const add = async (name: string, size: number, extra: Record<string, unknown> = {}) => {
    const [job] = await api<Array<{ id: string }>>(request, 'jobs:add-many', {
      jobs: [{ filePath: file(name, size), url: `${bits.origin}/tour/${name}`, ...extra }],
    });
    return job!.id;
  };
  await add('quarterly-report.pdf', 180_000);
  await add('too-big-for-the-server.iso', MAX_UPLOAD + 500_000);
  await add('holiday-photos.zip', 900_000, { suspended: true });
  await api(request, 'jobs:cancel', { id: await add('old-draft.docx', 50_000, { suspended: true }) });
  await expect(row(page, 'quarterly-report.pdf', 'Done')).toBeVisible();
  await expect(row(page, 'too-big-for-the-server.iso', 'Failed')).toBeVisible();
  await api(request, 'settings:update', {
    maxConcurrentJobs: 1,
    bandwidthLimitBps: 24 * 1024,
    fragmentSize: 64 * 1024,
  });
  await add('database-dump.sql.gz', 1_800_000);
  await add('meeting-recording.mp4', 1_200_000);
  await expect(row(page, 'database-dump.sql.gz', 'Uploading')).toBeVisible();
  await expect(row(page, 'meeting-recording.mp4', 'Queued')).toBeVisible();
}

/** The rail's tabs as the page has them: [slug from the tab id, tab locator]. */
async function views() {
  const tabs = page.getByRole('tablist', { name: 'Views' }).getByRole('tab');
  const ids = await tabs.evaluateAll((elements) => elements.map((element) => element.id));
  expect(ids.length).toBeGreaterThan(0);
  return ids.map((id) => ({ slug: id.replace(/^view-tab-/, ''), tab: page.locator(`[id="${id}"]`) }));
}

async function show(tab: ReturnType<Page['locator']>) {
  await tab.click();
  await expect(tab).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tabpanel')).toBeVisible();
  // Let a view that loads on first show settle (its loading shape is not what we judge).
  await expect(page.locator('[role="tabpanel"] [aria-busy="true"]')).toHaveCount(0);
}

test('every view passes axe-core in light and dark, with a failed job selected; screenshots of each', async ({
  request,
}) => {
  await page.goto(serve.url);
  await expect(page.getByText('Connected', { exact: true })).toBeVisible();
  await queueInSeveralStates(request);
  await row(page, 'too-big-for-the-server.iso', 'Failed').getByText('too-big-for-the-server.iso').click();
  await expect(row(page, 'too-big-for-the-server.iso', 'Failed')).toHaveAttribute('aria-selected', 'true');

  const problems: string[] = [];
  for (const { slug, tab } of await views()) {
    await show(tab);
    for (const theme of THEMES) {
      await useTheme(page, theme);
      problems.push(...(await seriousViolations(page, `${slug} (${theme})`)));
      await page.screenshot({ path: join(SCREENSHOTS, `${slug}-${theme}.png`) });
    }
  }
  expect(problems).toEqual([]);
});

test('the queue while transferring, in both themes', async () => {
  const tab = (await views()).find((view) => view.slug === 'queue')!.tab;
  await show(tab);
  const busy = row(page, 'database-dump.sql.gz', 'Uploading');
  await busy.getByText('database-dump.sql.gz').click();
  // Real numbers on screen: a bar past 5% and a time left.
  await expect
    .poll(async () =>
      Number(
        await page
          .getByRole('progressbar', { name: 'database-dump.sql.gz progress' })
          .getAttribute('aria-valuenow'),
      ),
    )
    .toBeGreaterThanOrEqual(5);
  await expect(busy.getByText(/left$/)).toBeVisible();
  const problems: string[] = [];
  for (const theme of THEMES) {
    await useTheme(page, theme);
    problems.push(...(await seriousViolations(page, `queue transferring (${theme})`)));
    await page.screenshot({ path: join(SCREENSHOTS, `queue-transferring-${theme}.png`) });
  }
  expect(problems).toEqual([]);
});

test('Tab reaches the rail, the destination bar, the grid and every control of every view, each with a visible focus ring', async () => {
  for (const theme of THEMES) {
    await useTheme(page, theme);
    for (const { slug, tab } of await views()) {
      await show(tab);
      const stops = await tabThrough(page);
      const where = `${slug} (${theme})`;
      const regions = new Set(stops.map((stop) => stop.region));
      expect(regions.has('rail'), `${where}: Tab never reached the rail`).toBe(true);
      expect(regions.has('header'), `${where}: Tab never reached the destination bar`).toBe(true);
      if (slug === 'queue') expect(regions.has('grid'), `${where}: Tab never reached the grid`).toBe(true);
      expect(await unreachedInPanel(page), `${where}: controls Tab never reached`).toEqual([]);
      expect(
        stops.filter((stop) => !stop.ring).map((stop) => stop.label),
        `${where}: focused without a visible ring`,
      ).toEqual([]);
    }
  }
});
