import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The first screen's code: everything main.tsx reaches through static imports (a dynamic
 * `import()` starts a chunk of its own, and `import type` leaves nothing behind). Building the
 * contract's zod schemas was the largest single cost of the page's start-up, and the first rows
 * need none of it, so none of that code may reach zod (README, "The first screen"). It reads the
 * renderer's sources from disk, so it lives here beside the layer rules, where node: is allowed.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const STATIC_IMPORT = /(?:^|\n)\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s*)?['"]([^'"]+)['"]/g;

function resolveSource(from: string, specifier: string): string | undefined {
  const base = normalize(join(dirname(from), specifier));
  for (const candidate of [base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.tsx'), base]) {
    if (/\.(ts|tsx)$/.test(candidate) && existsSync(join(root, candidate))) return candidate;
  }
  return undefined;
}

/** Every package the static graph from `entry` imports, with the chain that leads to each. */
function staticPackages(entry: string): Map<string, string[]> {
  const packages = new Map<string, string[]>();
  const seen = new Set<string>();
  const visit = (file: string, chain: string[]) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(join(root, file), 'utf8');
    for (const match of text.matchAll(STATIC_IMPORT)) {
      const specifier = match[1]!;
      if (!specifier.startsWith('.')) {
        if (!packages.has(specifier)) packages.set(specifier, [...chain, file]);
        continue;
      }
      const target = resolveSource(file, specifier);
      if (target) visit(relative(root, join(root, target)), [...chain, file]);
    }
  };
  visit(entry, []);
  return packages;
}

describe('the first screen’s code', () => {
  it('does not reach zod from main.tsx', () => {
    const zod = staticPackages('renderer/main.tsx').get('zod');
    expect(zod, `zod is reached through ${zod?.join(' → ')}`).toBeUndefined();
  });

  it('the check sees zod where a static import brings it (the settings view does)', () => {
    expect(staticPackages('renderer/features/settings/settings-view.tsx').get('zod')).toBeDefined();
    expect(staticPackages('renderer/main.tsx').get('react-dom/client')).toEqual(['renderer/main.tsx']);
  });
});
