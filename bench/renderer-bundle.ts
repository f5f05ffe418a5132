/**
 * Section: the renderer bundle (dist/renderer, built by `npm run bench`'s build), gzip-compressed
 * as a server or the app's asar would ship it. Baseline, built in the same run with the same Vite:
 * an empty React 19 page (createRoot + one element), the floor any React window pays.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import type { BenchContext, BenchSection } from './support/context.js';
import { heading, note, table, verdict } from './support/report.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BUILD = path.join(ROOT, 'dist', 'renderer');

interface Sizes {
  raw: number;
  gzip: number;
  files: Array<{ name: string; raw: number; gzip: number }>;
}

function measure(dir: string): Sizes {
  const files: Sizes['files'] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder)) {
      const full = path.join(folder, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(js|css|html)$/.test(entry)) {
        const bytes = readFileSync(full);
        files.push({
          name: path.relative(dir, full),
          raw: bytes.length,
          gzip: gzipSync(bytes, { level: 9 }).length,
        });
      }
    }
  };
  walk(dir);
  return {
    raw: files.reduce((sum, f) => sum + f.raw, 0),
    gzip: files.reduce((sum, f) => sum + f.gzip, 0),
    files,
  };
}

async function buildBaseline(dir: string): Promise<Sizes> {
  writeFileSync(
    path.join(dir, 'index.html'),
    '<!doctype html><div id="root"></div><script type="module" src="./main.js"></script>',
  );
  writeFileSync(
    path.join(dir, 'main.js'),
    "import { createElement } from 'react';\nimport { createRoot } from 'react-dom/client';\n" +
      "createRoot(document.getElementById('root')).render(createElement('p', null, 'Hello'));\n",
  );
  const outDir = path.join(dir, 'dist');
  await build({
    root: dir,
    base: './',
    logLevel: 'silent',
    configFile: false,
    resolve: {
      alias: {
        react: path.join(ROOT, 'node_modules/react'),
        'react-dom': path.join(ROOT, 'node_modules/react-dom'),
      },
    },
    build: { outDir, emptyOutDir: true, target: 'es2022' },
  });
  return measure(outDir);
}

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

export const rendererBundle: BenchSection = {
  id: 'renderer-bundle',
  title: 'Renderer bundle size (gzip)',
  async run(ctx: BenchContext) {
    heading(this.title);
    const ours = measure(BUILD);
    if (ours.files.length === 0) throw new Error(`No renderer build in ${BUILD}: run npm run build.`);
    const baseline = await buildBaseline(ctx.temp.dir('react-baseline'));
    note('gzip level 9 of every .js, .css and .html file; kB = 1000 bytes.');
    table(
      ['file', 'raw', 'gzip'],
      [
        ...ours.files.map((f) => [f.name, kb(f.raw), kb(f.gzip)]),
        ['total (first window)', kb(ours.raw), kb(ours.gzip)],
        ['baseline: empty React 19 page', kb(baseline.raw), kb(baseline.gzip)],
      ],
    );
    const ratio = ours.gzip / baseline.gzip;
    verdict(
      `${kb(ours.gzip)} gzip, ${ratio.toFixed(2)}x an empty React page (${kb(ours.gzip - baseline.gzip)} of our own code, zod and zustand)`,
    );
    ctx.summary.push({
      section: this.id,
      measure: 'bundle gzip (x empty React page)',
      result: `${kb(ours.gzip)} (${ratio.toFixed(2)}x)`,
      target: 'figure only',
      verdict: 'measured',
    });
  },
};
