import { defineConfig } from '@playwright/test';

/**
 * Playwright projects. `electron`: the desktop shell through Playwright's Electron support; it
 * skips itself with the reason where no Electron binary exists (this machine). The `renderer`
 * branch adds the `web` project to this same file.
 */
export default defineConfig({
  testDir: './e2e',
  outputDir: './dist/playwright',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  timeout: 60_000,
  expect: { timeout: 20_000 },
  projects: [
    {
      name: 'electron',
      testDir: './e2e/electron',
      testMatch: /.*\.spec\.ts$/,
    },
  ],
});
