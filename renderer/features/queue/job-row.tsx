import { type MouseEvent, memo, type PointerEvent, useState } from 'react';
import { formatBytes } from '../../../shared/format.js';
import type { Job } from '../../../shared/jobs.js';
import { Icon } from '../../components/icons.js';
import { ProgressBar } from '../../components/progress-bar.js';
import { formatExact } from '../../lib/format/relative-time.js';
import { useTicker } from '../../lib/format/ticker.js';
import { useLiveProgress } from '../../lib/format/use-live-progress.js';
import { toTransportError } from '../../lib/transport/transport-error.js';
import { useHost, useStores } from '../../stores/app-stores.js';
import { PRIORITY_LABELS } from './bulk-actions.js';
import { dropOf, hostOf } from './columns.js';
import { CountedEta, CountedSpeed } from './counted-cells.js';
import { GridCell, GridRow } from './grid-parts.js';
import { ACTION_ICONS, ACTION_LABELS, actionsFor, type JobAction, runAction } from './job-actions.js';
import { jobStatus } from './job-status.js';
import './row-reason.css';

/** One job: name, size, state (word + icon + colour), progress, speed, ETA, and its actions. */
interface JobRowProps {
  job: Job;
  index: number;
  top: number;
  /** The DOM row it is drawn in (row-slots.ts): a row passes from a job that left the view to one coming in. */
  slot: number;
  selected: boolean;
  /** Being dragged to a new place in the queue. */
  dragged: boolean;
  onSelect(id: string, modifiers: { shift: boolean; toggle: boolean }): void;
  onPointerDown(event: PointerEvent<HTMLElement>, job: Job): void;
  onContextMenu(event: MouseEvent<HTMLElement>, id: string): void;
}

export const JobRow = memo(function JobRow({
  job,
  index,
  top,
  slot,
  selected,
  dragged,
  onSelect,
  onPointerDown,
  onContextMenu,
}: JobRowProps) {
  const progress = useLiveProgress(job.id);
  const capabilities = useHost((state) => state.appInfo?.capabilities);
  const connected = useHost((state) => state.connection === 'connected');
  const { transport, ui } = useStores();
  // Named with its job: the row may be drawing another job by the time the action ends.
  const [running, setRunning] = useState<{ jobId: string; action: JobAction }>();
  const busy = running?.jobId === job.id ? running.action : undefined;
  // The retry countdown reads the shared ticker; other rows do not listen to it.
  const now = useTicker((time) => time, job.state === 'transient-error' && job.nextRetryAt !== undefined);
  const status = jobStatus(job, progress, now);
  // A transferring job's speed and ETA change on the ticker's beat: their own cells listen to it.
  const counted = job.state === 'transferring' && progress !== undefined;
  const actions = rowActions(actionsFor(job, capabilities));

  const act = async (action: JobAction) => {
    const mine = { jobId: job.id, action };
    setRunning(mine);
    try {
      await runAction(transport, job, action);
    } catch (error) {
      const problem = toTransportError(error, `${ACTION_LABELS[action]} failed`);
      ui.getState().notify(`${ACTION_LABELS[action]} “${job.fileName}”: ${problem.message}`, problem.hint);
    } finally {
      setRunning((current) => (current === mine ? undefined : current));
    }
  };

  const stateText = status.detail ? `${status.word}: ${status.detail}` : status.word;
  // A reason with no speed or time to show beside it gets their room (row-reason.css).
  const reason = status.detail !== undefined && !status.speed && !status.eta;
  return (
    <GridRow
      id={`job-row-${job.id}`}
      data-slot={slot}
      className={`job-row tone-${status.tone}${reason ? ' job-row--reason' : ''}${selected ? ' job-row--selected' : ''}${dragged ? ' job-row--dragged' : ''}`}
      aria-selected={selected}
      onClick={(event) => {
        // A click on a row's own button acts on that job only; it does not change the selection.
        if ((event.target as HTMLElement).closest('button')) return;
        onSelect(job.id, { shift: event.shiftKey, toggle: event.ctrlKey || event.metaKey });
      }}
      onPointerDown={(event) => onPointerDown(event, job)}
      onContextMenu={(event) => onContextMenu(event, job.id)}
      style={{ transform: `translateY(${top}px)` }}
      aria-rowindex={index + 2}
      aria-label={`${job.fileName}, ${status.word}${status.active ? ` ${status.percent}%` : ''}`}
    >
      <GridCell className="cell cell--name" title={job.fileName}>
        <div className="cell__inner">
          <Icon name="file" />
          <NameText name={job.fileName} />
          {job.type === 'upload-reply' && <span className="badge">reply</span>}
        </div>
      </GridCell>
      <GridCell className="cell cell--size num" data-drop={dropOf('size')}>
        {formatBytes(job.bytesTotal)}
      </GridCell>
      <GridCell className="cell cell--progress">
        <div className="cell__inner">
          <ProgressBar
            percent={status.percent}
            sent={status.sentPercent}
            label={`${job.fileName} progress`}
          />
          <span className="num percent">{status.percent}%</span>
        </div>
      </GridCell>
      <GridCell className="cell cell--acked num" data-drop={dropOf('acked')}>
        {formatBytes(progress?.bytesAcked ?? job.bytesAcked)}
      </GridCell>
      <GridCell className="cell cell--state" title={stateText}>
        <span className="state">
          <Icon name={status.icon} />
          <span className="state__word">{status.word}</span>
          {status.detail && <span className="state__detail">{status.detail}</span>}
        </span>
      </GridCell>
      <GridCell className="cell cell--speed num" data-drop={dropOf('speed')}>
        {counted ? <CountedSpeed jobId={job.id} /> : status.speed}
      </GridCell>
      <GridCell
        className="cell cell--eta num"
        data-drop={dropOf('eta')}
        title={job.completedAt !== undefined ? `Finished ${formatExact(job.completedAt)}` : undefined}
      >
        {counted ? <CountedEta jobId={job.id} /> : status.eta}
      </GridCell>
      <GridCell className="cell cell--priority" data-drop={dropOf('priority')}>
        {PRIORITY_LABELS[job.priority]}
      </GridCell>
      <GridCell className="cell cell--host" title={job.url} data-drop={dropOf('host')}>
        <span className="cell__text">{hostOf(job.url)}</span>
      </GridCell>
      <GridCell className="cell cell--actions">
        <div className="cell__inner">
          {actions.map((action) => (
            <button
              key={action}
              type="button"
              className={`action action--${action}`}
              aria-label={`${ACTION_LABELS[action]} ${job.fileName}`}
              title={`${ACTION_LABELS[action]} ${job.fileName}`}
              disabled={busy !== undefined || (!connected && action !== 'download-reply')}
              onClick={() => void act(action)}
            >
              <Icon name={ACTION_ICONS[action]} />
            </button>
          ))}
        </div>
      </GridCell>
    </GridRow>
  );
});

/**
 * A row keeps two buttons so the grid fits (a waiting retry offers Retry and Cancel); Suspend
 * and the rest are in the toolbar, the context menu and the keys.
 */
function rowActions(actions: JobAction[]): JobAction[] {
  return actions.length > 2 ? actions.filter((action) => action !== 'suspend').slice(0, 2) : actions;
}

/**
 * A name that keeps its start and its end when the column is too narrow ("dump-2026-…-final.dmp",
 * ui.md): the start shrinks with an ellipsis, the last characters (the extension) stay.
 */
function NameText({ name }: { name: string }) {
  const keep = Math.min(12, Math.max(0, name.length - 16));
  return (
    <span className="job-name">
      <span className="job-name__start">{keep > 0 ? name.slice(0, name.length - keep) : name}</span>
      {keep > 0 && <span className="job-name__end">{name.slice(name.length - keep)}</span>}
    </span>
  );
}
