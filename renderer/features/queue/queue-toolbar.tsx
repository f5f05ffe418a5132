import { type KeyboardEvent, useMemo, useRef, useState } from 'react';
import { FINAL_STATES, PRIORITIES } from '../../../shared/job-states.js';
import { Icon, type IconName } from '../../components/icons.js';
import { Menu } from '../../components/menu.js';
import { toTransportError } from '../../lib/transport/transport-error.js';
import { useHost, useJobs, useStores } from '../../stores/app-stores.js';
import { actionLabel, PRIORITY_LABELS, SELECTION_VERBS, type SelectionAction } from './bulk-actions.js';
import { type QueueCommand, shortcutLabel } from './shortcuts.js';
import { useQueueCommands } from './use-queue-commands.js';
import './queue-toolbar.css';

/**
 * How soon a button's words give way to its icon as the toolbar narrows (queue-toolbar.css):
 * 1 first, 2 next (a button without one is always an icon). Its name (aria-label) is the same
 * words either way, and the tooltip says the rest.
 */
type Compact = 1 | 2;

const BUTTONS: Array<{ action: SelectionAction; icon: IconName; key: QueueCommand; compact: Compact }> = [
  { action: 'suspend', icon: 'pause', key: 'toggle-suspend', compact: 2 },
  { action: 'resume', icon: 'play', key: 'toggle-suspend', compact: 2 },
  { action: 'retry', icon: 'retry', key: 'retry', compact: 1 },
  { action: 'complete', icon: 'check', key: 'complete', compact: 1 },
  { action: 'cancel', icon: 'x', key: 'cancel', compact: 2 },
];

const MOVES: Array<{ action: SelectionAction; icon: IconName; key: QueueCommand }> = [
  { action: 'move-top', icon: 'arrow-top', key: 'move-top' },
  { action: 'move-up', icon: 'arrow-up', key: 'move-up' },
  { action: 'move-down', icon: 'arrow-down', key: 'move-down' },
  { action: 'move-bottom', icon: 'arrow-bottom', key: 'move-bottom' },
];

/**
 * The actions above the list, for the selection (ui.md): each names its verb and how many jobs
 * it acts on ("Suspend 3"), is enabled only when some selected job allows it, and its tooltip
 * gives the key. Suspend all / Resume all act on the whole queue.
 */
export function QueueToolbar() {
  const commands = useQueueCommands();
  const [priorityMenu, setPriorityMenu] = useState<{ x: number; y: number }>();
  const priorityButton = useRef<HTMLButtonElement>(null);
  const count = commands.selected.length;
  const why = (action: SelectionAction) => {
    if (action.startsWith('move-') && !commands.context.queueOrder) return 'Sort by queue order to move jobs';
    if (action === 'reveal' && count > 1) return 'Select one job to reveal its file';
    return undefined;
  };
  const tip = (action: SelectionAction, key: QueueCommand, n: number) =>
    why(action) ??
    `${SELECTION_VERBS[action]} ${n === 1 ? `“${commands.targets(action)[0]!.fileName}”` : `the ${n > 1 ? `${n} ` : ''}selected uploads`} (${shortcutLabel(key)})`;
  const button = (action: SelectionAction, icon: IconName, key: QueueCommand, compact?: Compact) => {
    const n = commands.targets(action).length;
    const label = actionLabel(action, n);
    return (
      <button
        key={action}
        type="button"
        className={`toolbar__button${action === 'cancel' || action === 'remove' ? ' toolbar__button--danger' : ''}`}
        disabled={n === 0}
        title={tip(action, key, n)}
        aria-label={label}
        aria-keyshortcuts={shortcutLabel(key)}
        data-compact={compact}
        onClick={() => void commands.run(action)}
      >
        <Icon name={icon} />
        {compact !== undefined && <span className="toolbar__label">{label}</span>}
      </button>
    );
  };
  const priorityTargets = commands.targets('priority');
  return (
    <div className="toolbar" role="toolbar" aria-label="Queue actions" onKeyDown={arrowsBetweenButtons}>
      <span className="toolbar__count" aria-live="polite">
        {count === 0 ? 'No selection' : `${count} selected`}
      </span>
      <div className="toolbar__group">{BUTTONS.map((b) => button(b.action, b.icon, b.key, b.compact))}</div>
      <div className="toolbar__group">
        <button
          ref={priorityButton}
          type="button"
          className="toolbar__button"
          aria-haspopup="menu"
          aria-expanded={priorityMenu !== undefined}
          disabled={priorityTargets.length === 0}
          title={`Priority of the selected uploads (${shortcutLabel('priority-up')} raises, ${shortcutLabel('priority-down')} lowers)`}
          onClick={(event) => {
            const box = event.currentTarget.getBoundingClientRect();
            setPriorityMenu({ x: box.left, y: box.bottom + 4 });
          }}
        >
          <span>{actionLabel('priority', priorityTargets.length)}</span>
          <Icon name="chevron" />
        </button>
        {priorityMenu && (
          <Menu
            label="Priority"
            at={priorityMenu}
            onClose={() => {
              setPriorityMenu(undefined);
              priorityButton.current?.focus();
            }}
            entries={PRIORITIES.map((priority) => ({
              id: priority,
              label: PRIORITY_LABELS[priority],
              checked:
                priorityTargets.length > 0 && priorityTargets.every((job) => job.priority === priority),
              onSelect: () => void commands.run('priority', priority),
            }))}
          />
        )}
        {MOVES.map((b) => button(b.action, b.icon, b.key))}
      </div>
      <div className="toolbar__group">
        {button('reveal', 'folder', 'reveal', 1)}
        {button('remove', 'trash', 'remove', 1)}
      </div>
      <QueueWideButtons />
    </div>
  );
}

/** Suspend all / Resume all: the whole queue, whatever is selected. */
function QueueWideButtons() {
  const { transport, ui } = useStores();
  const connected = useHost((state) => state.connection === 'connected');
  const byId = useJobs((state) => state.byId);
  // Follows job changes only (not progress ticks), and stops once it knows both answers.
  const { running, suspended } = useMemo(() => {
    let running = false;
    let suspended = false;
    for (const job of Object.values(byId)) {
      if (job.state === 'suspended') suspended = true;
      else if (!FINAL_STATES.has(job.state) && job.state !== 'transferred') running = true;
      if (running && suspended) break;
    }
    return { running, suspended };
  }, [byId]);
  const all = async (channel: 'jobs:suspend-all' | 'jobs:resume-all', verb: string) => {
    try {
      await transport.invoke(channel, {});
    } catch (error) {
      const problem = toTransportError(error, `${verb} failed`);
      ui.getState().notify(`${verb}: ${problem.message}`, problem.hint);
    }
  };
  return (
    <div className="toolbar__group toolbar__group--end">
      <button
        type="button"
        className="toolbar__button"
        disabled={!connected || !running}
        title={`Suspend every unfinished upload (${shortcutLabel('suspend-all')})`}
        aria-keyshortcuts={shortcutLabel('suspend-all')}
        aria-label="Suspend all"
        data-compact={2}
        onClick={() => void all('jobs:suspend-all', 'Suspend all')}
      >
        <Icon name="pause" />
        <span className="toolbar__label">Suspend all</span>
      </button>
      <button
        type="button"
        className="toolbar__button"
        disabled={!connected || !suspended}
        title={`Resume every suspended upload (${shortcutLabel('resume-all')})`}
        aria-keyshortcuts={shortcutLabel('resume-all')}
        aria-label="Resume all"
        data-compact={2}
        onClick={() => void all('jobs:resume-all', 'Resume all')}
      >
        <Icon name="play" />
        <span className="toolbar__label">Resume all</span>
      </button>
    </div>
  );
}

/** Left and right arrows move between the toolbar's buttons (WAI-ARIA toolbar). */
function arrowsBetweenButtons(event: KeyboardEvent<HTMLDivElement>) {
  if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
  const buttons = [...event.currentTarget.querySelectorAll<HTMLButtonElement>('button:not(:disabled)')];
  const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
  if (at === -1) return;
  event.preventDefault();
  buttons[(at + (event.key === 'ArrowRight' ? 1 : -1) + buttons.length) % buttons.length]?.focus();
}
