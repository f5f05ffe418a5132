import { useEffect } from 'react';
import { toTransportError } from '../../lib/transport/transport-error.js';
import { useStores } from '../../stores/app-stores.js';
import { DetailsPane } from '../details/details-pane.js';
import { FilterBar, SEARCH_INPUT_ID } from './filter-bar.js';
import { JobList } from './job-list.js';
import { QueueToolbar } from './queue-toolbar.js';
import { commandFor } from './shortcuts.js';
import './queue-view.css';

/**
 * The Queue view: the toolbar and the filters above the list; the details pane of the selected
 * job sits beside it (ui.md layout), each in its own component.
 */
export function QueueView() {
  useQueueWideKeys();
  return (
    <div className="queue-view">
      <div className="queue-view__list">
        <QueueToolbar />
        <FilterBar />
        <JobList />
      </div>
      <DetailsPane />
    </div>
  );
}

/** Keys that work wherever focus is in the window while the queue shows: search, suspend/resume all. */
function useQueueWideKeys() {
  const { transport, ui } = useStores();
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || ui.getState().confirming) return;
      const command = commandFor(event);
      if (command === 'search') {
        event.preventDefault();
        const input = document.getElementById(SEARCH_INPUT_ID) as HTMLInputElement | null;
        input?.focus();
        input?.select();
        return;
      }
      if (command !== 'suspend-all' && command !== 'resume-all') return;
      event.preventDefault();
      const verb = command === 'suspend-all' ? 'Suspend all' : 'Resume all';
      transport.invoke(`jobs:${command}`, {}).catch((error: unknown) => {
        const problem = toTransportError(error, `${verb} failed`);
        ui.getState().notify(`${verb}: ${problem.message}`, problem.hint);
      });
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [transport, ui]);
}
