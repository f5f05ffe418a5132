import path from 'node:path';
import type { BinaryLookup } from './electron-binary.js';

export interface StartInput {
  root: string;
  electron: BinaryLookup;
  /** The Electron-ABI better-sqlite3 exists (npm run build:native-electron made it). */
  nativeReady: boolean;
  /** Node running this launcher (process.execPath). */
  node: string;
  /** Extra arguments given to `npm start -- ...`. */
  args: readonly string[];
}

export interface Step {
  command: string;
  args: string[];
}

export interface StartPlan {
  /** One line for the terminal, when the plan is not the obvious one. */
  notice?: string;
  /** Run first, in order (each must succeed). */
  before: Step[];
  run: Step;
}

/**
 * What `npm start` does: the desktop app when Electron's binary is there (making the
 * Electron-ABI database addon first if needed), else the same UI from `serve` in the browser.
 */
export function startPlan(input: StartInput): StartPlan {
  const dist = (...parts: string[]) => path.join(input.root, 'dist', ...parts);
  if (!input.electron.found) {
    return {
      notice: `Electron cannot start here (${input.electron.reason}); starting the same UI with \`bits-uploader serve\` instead.`,
      before: [],
      run: {
        command: input.node,
        args: [dist('electron', 'cli', 'main.js'), 'serve', '--open', ...input.args],
      },
    };
  }
  return {
    before: input.nativeReady
      ? []
      : [{ command: input.node, args: [dist('electron', 'launcher', 'build-native-electron.js')] }],
    run: { command: input.electron.path, args: [input.root, ...input.args] },
  };
}
