import { useMemo } from 'react';
import type { Job, Priority } from '../../../shared/jobs.js';
import { useHost, useSelection, useStores } from '../../stores/app-stores.js';
import {
  type ActionContext,
  nextPriority,
  runSelectionAction,
  type SelectionAction,
  targetsOf,
} from './bulk-actions.js';
import { useListView, useShownJobs } from './list-view.js';

export interface QueueCommands {
  /** The selected jobs, in the order shown. */
  selected: Job[];
  context: ActionContext;
  /** The selected jobs `action` applies to; none while the host is away. */
  targets(action: SelectionAction): Job[];
  run(action: SelectionAction, priority?: Priority): Promise<boolean>;
  /** Space: suspend the selection, or resume it when every selected job is suspended. */
  toggleSuspend(): Promise<boolean>;
  stepPriority(step: -1 | 1): Promise<boolean>;
}

/** The selection's actions, shared by the toolbar, the context menu and the list's keys. */
export function useQueueCommands(): QueueCommands {
  const stores = useStores();
  const shown = useShownJobs();
  const ids = useSelection((state) => state.selection.ids);
  const capabilities = useHost((state) => state.appInfo?.capabilities);
  const connected = useHost((state) => state.connection === 'connected');
  const sort = useListView((state) => state.view.sort);
  const selected = useMemo(() => shown.jobs.filter((job) => ids.has(job.id)), [shown.jobs, ids]);
  return useMemo(() => {
    const context: ActionContext = {
      capabilities,
      queueOrder: sort.key === 'queue' && sort.direction === 'asc',
    };
    const targets = (action: SelectionAction) => (connected ? targetsOf(action, selected, context) : []);
    const run = (action: SelectionAction, priority?: Priority) =>
      connected ? runSelectionAction(stores, action, selected, context, priority) : Promise.resolve(false);
    return {
      selected,
      context,
      targets,
      run,
      toggleSuspend: () =>
        run(selected.length > 0 && selected.every((job) => job.state === 'suspended') ? 'resume' : 'suspend'),
      stepPriority: (step) => {
        const priority = nextPriority(targets('priority'), step);
        return priority ? run('priority', priority) : Promise.resolve(false);
      },
    };
  }, [stores, selected, capabilities, connected, sort]);
}
