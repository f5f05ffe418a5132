// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { lazyPanel } from './lazy-panel.js';

afterEach(cleanup);

function Settings() {
  return <h2>Settings</h2>;
}

describe('lazyPanel', () => {
  it('says it is loading, then shows the view when its code arrives', async () => {
    let arrive: ((view: typeof Settings) => void) | undefined;
    const view = lazyPanel('Settings', () => new Promise((resolve) => (arrive = resolve)));
    render(<view.Panel />);
    expect(screen.getByText('Loading Settings…')).toBeTruthy();
    arrive!(Settings);
    expect(await screen.findByRole('heading', { name: 'Settings' })).toBeTruthy();
  });

  it('opens at once when preloaded, and fetches the code only once', async () => {
    let loads = 0;
    const view = lazyPanel('Settings', async () => {
      loads++;
      return Settings;
    });
    await view.preload();
    await view.preload();
    render(<view.Panel />);
    expect(screen.getByRole('heading', { name: 'Settings' })).toBeTruthy();
    expect(loads).toBe(1);
  });

  it('says so when the code cannot be fetched, and Retry fetches it again', async () => {
    let loads = 0;
    const view = lazyPanel('Settings', async () => {
      loads++;
      if (loads === 1) throw new Error('Failed to fetch dynamically imported module');
      return Settings;
    });
    render(<view.Panel />);
    const problem = await screen.findByRole('alert');
    expect(problem.textContent).toContain('Settings could not be loaded');
    await userEvent.click(screen.getByRole('button', { name: 'Retry loading Settings' }));
    expect(await screen.findByRole('heading', { name: 'Settings' })).toBeTruthy();
    expect(loads).toBe(2);
  });
});
