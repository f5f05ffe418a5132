import type { ComponentType } from 'react';
import type { IconName } from './components/icons.js';
import { QueueView } from './features/queue/queue-view.js';
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
];
