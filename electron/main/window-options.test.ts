import { describe, expect, it } from 'vitest';
import { mainWindowOptions } from './window-options.js';

describe('mainWindowOptions', () => {
  const prefs = mainWindowOptions({
    preloadPath: '/app/preload.cjs',
    title: 'BITS Uploader',
    devTools: false,
  }).webPreferences!;

  it('isolates the renderer: context isolation, sandbox, no Node anywhere', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and every insecure or experimental switch off', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs.webviewTag).toBe(false);
  });

  it('does not navigate to a file dropped outside the drop zone', () => {
    expect(prefs.navigateOnDragDrop).toBe(false);
  });

  it('loads only the preload it is given and stays hidden until painted', () => {
    const options = mainWindowOptions({
      preloadPath: '/app/preload.cjs',
      title: 'BITS Uploader',
      devTools: false,
    });
    expect(prefs.preload).toBe('/app/preload.cjs');
    expect(options.show).toBe(false);
  });

  it('offers developer tools only when asked (development)', () => {
    expect(prefs.devTools).toBe(false);
    const dev = mainWindowOptions({ preloadPath: '/p', title: 't', devTools: true });
    expect(dev.webPreferences?.devTools).toBe(true);
  });
});
