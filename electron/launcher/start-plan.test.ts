import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startPlan } from './start-plan.js';

const root = '/proj';

describe('startPlan', () => {
  it('falls back to serve with the same UI, in one line, when Electron cannot run', () => {
    const plan = startPlan({
      root,
      electron: { found: false, reason: 'the Electron binary was never downloaded' },
      nativeReady: false,
      node: '/usr/bin/node',
      args: ['--port', '8080'],
    });
    expect(plan.notice).toBe(
      'Electron cannot start here (the Electron binary was never downloaded); starting the same UI with `bits-uploader serve` instead.',
    );
    expect(plan.notice?.includes('\n')).toBe(false);
    expect(plan.before).toEqual([]);
    expect(plan.run).toEqual({
      command: '/usr/bin/node',
      args: [path.join(root, 'dist', 'electron', 'cli', 'main.js'), 'serve', '--open', '--port', '8080'],
    });
  });

  it('launches Electron on the project, building the Electron-ABI addon first when it is missing', () => {
    const electron = { found: true as const, path: '/proj/node_modules/electron/dist/electron' };
    const cold = startPlan({ root, electron, nativeReady: false, node: '/usr/bin/node', args: [] });
    expect(cold.notice).toBeUndefined();
    expect(cold.before).toEqual([
      {
        command: '/usr/bin/node',
        args: [path.join(root, 'dist', 'electron', 'launcher', 'build-native-electron.js')],
      },
    ]);
    expect(cold.run).toEqual({ command: electron.path, args: [root] });
    expect(startPlan({ root, electron, nativeReady: true, node: '/usr/bin/node', args: ['a.bin'] })).toEqual({
      before: [],
      run: { command: electron.path, args: [root, 'a.bin'] },
    });
  });
});
