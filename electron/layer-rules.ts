/**
 * Who may import whom (architecture.md, "Layers"). Checked by layer-rules.test.ts on every
 * `npm test`: a layer that reaches into another one it must not know fails the build.
 */
export interface LayerRule {
  /** Files under this folder (relative to the repository root, with a trailing slash). */
  layer: string;
  /** Project folders it may import from (its own folder is always allowed). */
  mayImport: string[];
  /** Packages it may import; `node:` marks Node's built-ins. */
  packages: string[];
}

export const LAYER_RULES: LayerRule[] = [
  { layer: 'shared/', mayImport: [], packages: ['zod', 'vitest'] },
  {
    layer: 'electron/bits/',
    mayImport: ['shared/'],
    // PAC files run in pac-resolver's QuickJS sandbox (electron/bits/http/pac-evaluator.ts);
    // kerberos is optional, loaded with a dynamic import (Negotiate falls back to NTLM without it).
    packages: ['node:', 'vitest', 'pac-resolver', 'quickjs-wasi', 'kerberos'],
  },
  {
    layer: 'electron/store/',
    mayImport: ['shared/'],
    packages: ['node:', 'better-sqlite3', 'zod', 'vitest'],
  },
  {
    layer: 'electron/engine/',
    mayImport: ['shared/', 'electron/bits/', 'electron/store/'],
    packages: ['node:', 'zod', 'vitest'],
  },
  {
    layer: 'electron/cli/',
    mayImport: [
      'shared/',
      'electron/bits/',
      'electron/core.ts',
      'electron/store/',
      'electron/host/',
      'electron/server/',
    ],
    packages: ['node:', 'vitest'],
  },
  /** What every host shares: dispatchHost, the event sequencer, the control socket. */
  {
    layer: 'electron/host/',
    mayImport: ['shared/', 'electron/bits/', 'electron/core.ts'],
    packages: ['node:', 'zod', 'vitest'],
  },
  {
    layer: 'electron/server/',
    mayImport: ['shared/', 'electron/core.ts', 'electron/bits/', 'electron/host/'],
    packages: ['node:', 'ws', 'zod', 'vitest'],
  },
  {
    layer: 'electron/main/',
    mayImport: ['shared/', 'electron/'],
    packages: ['node:', 'electron', 'zod', 'vitest'],
  },
  /** npm start, the Electron-ABI addon build and the packaging checks: tooling, never shipped. */
  {
    layer: 'electron/launcher/',
    mayImport: ['shared/'],
    packages: ['node:', 'vitest', '@electron/fuses', 'app-builder-lib', 'builder-util'],
  },
  { layer: 'electron/preload/', mayImport: ['shared/'], packages: ['electron', 'vitest'] },
  {
    layer: 'electron/',
    mayImport: ['shared/', 'electron/bits/', 'electron/engine/', 'electron/store/'],
    packages: ['node:', 'zod', 'vitest'],
  },
  {
    layer: 'renderer/',
    mayImport: ['shared/'],
    packages: ['react', 'react-dom', 'zustand', 'zod', '@tanstack/', 'vitest', '@testing-library/'],
  },
  { layer: 'e2e/bits-server/', mayImport: ['shared/'], packages: ['node:', 'vitest', 'kerberos'] },
  /** Storm drivers: a client of the core, like a host. */
  { layer: 'e2e/storm/', mayImport: ['shared/', 'electron/core.ts'], packages: ['node:', 'zod', 'vitest'] },
];

const TEST_ONLY = [
  'e2e/bits-server/',
  'e2e/integration/support',
  'electron/bits/testing/',
  'electron/store/testing/',
  // The renderer's transport tests run against a small real HTTP + WebSocket server (Node side).
  'e2e/web/support/',
];

/** The most specific rule for a file (electron/bits/x.ts → electron/bits/, not electron/). */
export function ruleFor(file: string): LayerRule | undefined {
  return LAYER_RULES.filter((rule) => file.startsWith(rule.layer)).sort(
    (a, b) => b.layer.length - a.layer.length,
  )[0];
}

/** Why an import breaks the rules, or undefined when it is allowed. */
export function violation(
  file: string,
  resolvedTarget: string | undefined,
  specifier: string,
): string | undefined {
  const rule = ruleFor(file);
  if (!rule) return undefined;
  // Tests may reach the reference server and other layers' test helpers; shipped code may not.
  if (
    file.endsWith('.test.ts') &&
    resolvedTarget !== undefined &&
    TEST_ONLY.some((p) => resolvedTarget.startsWith(p))
  ) {
    return undefined;
  }
  if (resolvedTarget !== undefined) {
    if (resolvedTarget.startsWith(rule.layer)) return undefined;
    if (rule.mayImport.some((allowed) => resolvedTarget.startsWith(allowed))) return undefined;
    return `${file} (${rule.layer}) imports ${resolvedTarget}`;
  }
  const allowed = rule.packages.some((pkg) =>
    pkg === 'node:'
      ? specifier.startsWith('node:')
      : specifier === pkg || specifier.startsWith(pkg.endsWith('/') ? pkg : `${pkg}/`),
  );
  return allowed ? undefined : `${file} (${rule.layer}) imports the package ${specifier}`;
}
