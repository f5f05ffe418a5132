import type { ComponentType } from 'react';
import type { IconName } from './components/icons.js';
import { HistoryView } from './features/history/history-view.js';
import { QueueView } from './features/queue/queue-view.js';
import { RepliesView } from './features/replies/replies-view.js';
import { SettingsView } from './features/settings/settings-view.js';
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

export const APP_VIEWS: readonly AppView[] = [
  { id: 'queue', label: 'Queue', icon: 'upload', Panel: QueueView, shortcut: '1' },
  { id: 'replies', label: 'Replies', icon: 'inbox', Panel: RepliesView, shortcut: '2' },
  { id: 'history', label: 'History', icon: 'history', Panel: HistoryView, shortcut: '3' },
  { id: 'settings', label: 'Settings', icon: 'settings', Panel: SettingsView, shortcut: '4' },
];
