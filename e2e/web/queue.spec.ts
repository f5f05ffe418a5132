import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { row } from './support/page-helpers.js';
import { bits, page, SCREENSHOTS, serve, temp, useWindow } from './support/window.js';

/** The queue window (issue 7) with 10,000 jobs, against a real `serve` and the reference server. */
test.describe.configure({ mode: 'serial' });

const COUNT = 10_000;

useWindow({ name: 'queue', viewport: { width: 1400, height: 860 } });

test('10,000 jobs load page by page into a virtualized grid that scrolls to the last one', async ({
  request,
}) => {
  // A job is named after its local file: 10,000 small files with long names.
  const folder = join(temp, 'files');
  mkdirSync(folder);
  const jobs = Array.from({ length: COUNT }, (_, i) => {
    const name = `report-${String(i).padStart(5, '0')}-quarterly-figures-for-the-regional-office-final.bin`;
    writeFileSync(join(folder, name), Buffer.alloc(1024 + i, 7));
    return {
      filePath: join(folder, name),
      url: `${bits.origin}/bits/batch/${name}`,
      priority: i % 7 === 0 ? 'high' : 'normal',
      suspended: true,
    };
  });
  const response = await request.post(`${serve.origin}/api/jobs:add-many`, {
    data: { jobs },
    headers: { Authorization: `Bearer ${serve.token}` },
    timeout: 60_000,
  });
  expect(response.status()).toBe(200);

  await page.goto(serve.url);
  const grid = page.getByRole('grid', { name: 'Uploads' });
  await expect(grid).toHaveAttribute('aria-rowcount', String(COUNT + 1));
  // Only the rows in view (plus overscan) are in the page.
  expect(await grid.getByRole('row').count()).toBeLessThan(80);
  const first = grid.getByRole('row').nth(1);
  await expect(first).toHaveAttribute('aria-label', /, Suspended$/);
  await expect(first.getByRole('gridcell').first()).toHaveAttribute('title', /^report-\d{5}-quarterly/);
  await page.screenshot({ path: join(SCREENSHOTS, 'web-queue-many-light.png') });

  await page.locator('.job-grid__body').evaluate((element) => {
    element.scrollTop = element.scrollHeight;
  });
  await expect(
    row(page, 'report-09999-quarterly-figures-for-the-regional-office-final.bin', 'Suspended'),
  ).toBeVisible();
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: join(SCREENSHOTS, 'web-queue-many-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });
});
