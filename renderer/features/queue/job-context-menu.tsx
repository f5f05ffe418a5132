import { PRIORITIES } from '../../../shared/job-states.js';
import { Menu, type MenuEntry, type MenuItem } from '../../components/menu.js';
import { useStores } from '../../stores/app-stores.js';
import { actionLabel, PRIORITY_LABELS, type SelectionAction } from './bulk-actions.js';
import { type QueueCommand, shortcutLabel } from './shortcuts.js';
import { useQueueCommands } from './use-queue-commands.js';

const KEY_OF: Partial<Record<SelectionAction, QueueCommand>> = {
  suspend: 'toggle-suspend',
  resume: 'toggle-suspend',
  retry: 'retry',
  complete: 'complete',
  cancel: 'cancel',
  remove: 'remove',
  reveal: 'reveal',
  'move-up': 'move-up',
  'move-down': 'move-down',
  'move-top': 'move-top',
  'move-bottom': 'move-bottom',
};

/** The rows' context menu: the toolbar's actions for the selection, with their keys. */
export function JobContextMenu({ at, onClose }: { at: { x: number; y: number }; onClose(): void }) {
  const commands = useQueueCommands();
  const { ui } = useStores();
  const item = (action: SelectionAction, tone?: 'danger'): MenuItem => {
    const n = commands.targets(action).length;
    const key = KEY_OF[action];
    return {
      id: action,
      label: `${actionLabel(action, n)}${action === 'cancel' || (action === 'remove' && needsConfirm(commands)) ? '…' : ''}`,
      ...(key ? { shortcut: shortcutLabel(key) } : {}),
      disabled: n === 0,
      ...(tone ? { tone } : {}),
      onSelect: () => void commands.run(action),
    };
  };
  const prioritised = commands.targets('priority');
  const has = (action: SelectionAction) => commands.targets(action).length > 0;
  const entries: MenuEntry[] = [
    // Suspend and Resume share Space: show the one that applies (both when the selection is mixed).
    ...(has('resume') && !has('suspend')
      ? [item('resume')]
      : [item('suspend'), ...(has('resume') ? [item('resume')] : [])]),
    item('retry'),
    item('complete'),
    item('cancel', 'danger'),
    { separator: 'priority' },
    {
      group: 'Priority',
      items: PRIORITIES.map((priority) => ({
        id: `priority-${priority}`,
        label: PRIORITY_LABELS[priority],
        checked: prioritised.length > 0 && prioritised.every((job) => job.priority === priority),
        disabled: prioritised.length === 0,
        onSelect: () => void commands.run('priority', priority),
      })),
    },
    { separator: 'move' },
    item('move-up'),
    item('move-down'),
    item('move-top'),
    item('move-bottom'),
    { separator: 'file' },
    {
      id: 'details',
      label: 'Show details',
      shortcut: shortcutLabel('details'),
      disabled: commands.selected.length === 0,
      onSelect: () => ui.getState().openDetails(),
    },
    ...(commands.context.capabilities?.canRevealFiles ? [item('reveal')] : []),
    item('remove', 'danger'),
  ];
  return <Menu label="Upload actions" at={at} entries={entries} onClose={onClose} />;
}

function needsConfirm(commands: ReturnType<typeof useQueueCommands>): boolean {
  return commands.targets('remove').some((job) => job.state !== 'acknowledged' && job.state !== 'cancelled');
}
