import type { ComponentType } from 'react';
import type { IconName } from './components/icons.js';
import { lazyPanel } from './components/lazy-panel.js';
import { HistoryView } from './features/history/history-view.js';
import { QueueView } from './features/queue/queue-view.js';
import { RepliesView } from './features/replies/replies-view.js';
import type { ViewId } from './stores/ui-store.js';

/** A view in the left rail: its name (the tab's accessible name), icon and panel. */
export interface AppView {
  id: ViewId;
  label: string;
  icon: IconName;
  Panel: ComponentType;
  /** Ctrl/Cmd + this digit shows the view. */
  shortcut: string;
}

/** Settings comes in its own chunk: it alone needs the contract's zod schemas (lazy-panel.tsx). */
const settings = lazyPanel('Settings', () =>
  import('./features/settings/settings-view.js').then((module) => module.SettingsView),
);

/** Fetches the code of the views that load on their own, so they open at once later. */
export function preloadViews(): Promise<void> {
  return settings.preload();
}

export const APP_VIEWS: readonly AppView[] = [
  { id: 'queue', label: 'Queue', icon: 'upload', Panel: QueueView, shortcut: '1' },
  { id: 'replies', label: 'Replies', icon: 'inbox', Panel: RepliesView, shortcut: '2' },
  { id: 'history', label: 'History', icon: 'history', Panel: HistoryView, shortcut: '3' },
  { id: 'settings', label: 'Settings', icon: 'settings', Panel: settings.Panel, shortcut: '4' },
];
