import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { nativeBuildFailure, nativeBuildPlan } from './native-electron.js';

export interface BuildNativeOptions {
  root: string;
  env: NodeJS.ProcessEnv;
  /** Progress and the one-line failure. */
  log: (line: string) => void;
}

/**
 * Builds better-sqlite3 for Electron's ABI in a scratch copy of its sources and puts the addon
 * at dist/native/electron/better_sqlite3.node; node_modules keeps Node's build for the tests.
 * Returns false (having said why in one line) when it cannot.
 */
export function buildNativeElectron(options: BuildNativeOptions): boolean {
  const version = electronVersion(options.root);
  if (version === undefined) {
    options.log('Cannot build better-sqlite3 for Electron: the electron package is not installed.');
    return false;
  }
  const plan = nativeBuildPlan({
    root: options.root,
    electronVersion: version,
    arch: process.arch,
    node: process.execPath,
    env: options.env,
  });
  options.log(`Building better-sqlite3 for Electron ${version} (${process.arch})...`);
  const headers = spawnSync(plan.headers.command, plan.headers.args, { encoding: 'utf8', env: options.env });
  if (headers.status !== 0) {
    options.log(
      nativeBuildFailure('headers', version, `${headers.stdout}\n${headers.stderr}\n${headers.error ?? ''}`),
    );
    return false;
  }
  const source = path.join(options.root, 'node_modules', 'better-sqlite3');
  rmSync(plan.tree, { recursive: true, force: true });
  mkdirSync(plan.tree, { recursive: true });
  for (const part of ['package.json', 'binding.gyp', 'src', 'deps']) {
    cpSync(path.join(source, part), path.join(plan.tree, part), { recursive: true });
  }
  const compile = spawnSync(plan.compile.command, plan.compile.args, {
    cwd: plan.compile.cwd,
    encoding: 'utf8',
    env: options.env,
  });
  if (compile.status !== 0) {
    options.log(nativeBuildFailure('compile', version, `${compile.stdout}\n${compile.stderr}`));
    return false;
  }
  copyFileSync(plan.built, plan.output);
  rmSync(plan.tree, { recursive: true, force: true });
  options.log(`Built ${plan.output}.`);
  return true;
}

function electronVersion(root: string): string | undefined {
  try {
    const manifest = JSON.parse(
      readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8'),
    );
    return typeof manifest.version === 'string' ? manifest.version : undefined;
  } catch {
    return undefined;
  }
}
