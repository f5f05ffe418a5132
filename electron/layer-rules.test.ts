import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { violation } from './layer-rules.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const IMPORT =
  /(?:^|\s)(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;

function sourceFiles(folder: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(join(root, folder), { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') files.push(...sourceFiles(path));
    else if (/\.(ts|tsx)$/.test(entry.name)) files.push(path);
  }
  return files;
}

function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(IMPORT)].map((match) => match[1] ?? match[2] ?? match[3]!);
}

describe('layer rules', () => {
  it('every import in shared/, electron/, renderer/ and the reference server follows the matrix', () => {
    const problems: string[] = [];
    const folders = ['shared', 'electron', 'renderer', 'e2e/bits-server'];
    for (const folder of folders) {
      let files: string[] = [];
      try {
        files = sourceFiles(folder);
      } catch {
        continue;
      }
      for (const file of files) {
        for (const specifier of importsOf(file)) {
          const target = specifier.startsWith('.')
            ? relative(root, normalize(join(root, dirname(file), specifier))).replace(/\.js$/, '.ts')
            : undefined;
          const problem = violation(file.split('\\').join('/'), target?.split('\\').join('/'), specifier);
          if (problem) problems.push(problem);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('catches a violation (the check itself works)', () => {
    expect(violation('shared/jobs.ts', 'electron/bits/errors.ts', '../electron/bits/errors.js')).toMatch(
      /imports/,
    );
    expect(violation('electron/bits/x.ts', undefined, 'electron')).toMatch(/package electron/);
    expect(violation('renderer/app.tsx', undefined, 'node:fs')).toMatch(/package node:fs/);
    expect(violation('electron/engine/x.ts', 'electron/bits/errors.ts', '../bits/errors.js')).toBeUndefined();
  });
});
