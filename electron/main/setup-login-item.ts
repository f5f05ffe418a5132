import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CorePreferenceStore } from './core-preferences.js';
import { type LoginItemContext, loginItemPlan } from './launch-at-login.js';

export interface LoginItemDeps {
  /** Electron's app.setLoginItemSettings (macOS, Windows). */
  setLoginItemSettings(settings: { openAtLogin: boolean }): void;
  preferences: CorePreferenceStore;
  context: LoginItemContext;
  log: (message: string) => void;
}

/** Keeps the system's login item in step with the "launch at login" preference. Returns the unsubscribe. */
export function setupLoginItem(deps: LoginItemDeps): () => void {
  const apply = (enabled: boolean) => {
    const plan = loginItemPlan(enabled, deps.context);
    try {
      if (plan.kind === 'login-item') deps.setLoginItemSettings({ openAtLogin: plan.openAtLogin });
      else if (plan.content === undefined) rmSync(plan.file, { force: true });
      else {
        mkdirSync(path.dirname(plan.file), { recursive: true });
        writeFileSync(plan.file, plan.content, { mode: 0o644 });
      }
    } catch (error) {
      deps.log(`Launch at login could not be ${enabled ? 'set up' : 'removed'}: ${(error as Error).message}`);
    }
  };
  let enabled = deps.preferences.app().launchAtLogin;
  apply(enabled);
  return deps.preferences.onChange((app) => {
    if (app.launchAtLogin === enabled) return;
    enabled = app.launchAtLogin;
    apply(enabled);
  });
}
