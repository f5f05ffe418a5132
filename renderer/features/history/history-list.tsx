import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useRef, useState } from 'react';
import { formatBytes } from '../../../shared/format.js';
import type { Job } from '../../../shared/jobs.js';
import { Icon } from '../../components/icons.js';
import { toTransportError } from '../../lib/transport/transport-error.js';
import { useHost, useStores } from '../../stores/app-stores.js';
import { hostOf, ROW_HEIGHT } from '../queue/columns.js';
import { ColumnHeader, GridCell, GridRow, GridRowGroup } from '../queue/grid-parts.js';
import { ACTION_ICONS, ACTION_LABELS, actionsFor, type JobAction, runAction } from '../queue/job-actions.js';
import { jobStatus, middleTruncate } from '../queue/job-status.js';
import { endedAt } from './history-filter.js';

const COLUMNS = [
  { key: 'name', label: 'Name', track: 'minmax(160px, 3fr)' },
  { key: 'size', label: 'Size', track: '90px' },
  { key: 'state', label: 'Result', track: 'minmax(160px, 1.4fr)' },
  { key: 'ended', label: 'Finished', track: '180px' },
  { key: 'host', label: 'Destination', track: 'minmax(120px, 1.4fr)' },
  { key: 'actions', label: 'Actions', track: '260px' },
] as const;
const TEMPLATE = COLUMNS.map((column) => column.track).join(' ');
const TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const EXACT = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'long' });
/** The actions a finished job offers here. */
const HISTORY_ACTIONS: ReadonlySet<JobAction> = new Set(['open-reply', 'download-reply', 'remove']);

/** Finished jobs as a virtualized grid, in the queue's row look (its grid parts and status words). */
export function HistoryList({ jobs }: { jobs: Job[] }) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: jobs.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (index) => jobs[index]?.id ?? index,
    overscan: 8,
  });
  return (
    // biome-ignore lint/a11y/useSemanticElements: rows placed by the virtualizer cannot live in a <table>
    <div
      className="job-grid history-grid"
      role="grid"
      aria-label="Finished uploads"
      aria-rowcount={jobs.length + 1}
      aria-colcount={COLUMNS.length}
      style={{ '--grid-columns-wide': TEMPLATE } as React.CSSProperties}
    >
      <GridRowGroup className="job-grid__head">
        <GridRow className="job-row job-row--head" aria-rowindex={1}>
          {COLUMNS.map((column) => (
            <ColumnHeader key={column.key} className={`cell cell--${column.key}`}>
              {column.label}
            </ColumnHeader>
          ))}
        </GridRow>
      </GridRowGroup>
      <GridRowGroup className="job-grid__body" ref={scroller}>
        <div className="job-grid__space" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const job = jobs[item.index];
            return job ? <HistoryRow key={job.id} job={job} index={item.index} top={item.start} /> : null;
          })}
        </div>
      </GridRowGroup>
    </div>
  );
}

const HistoryRow = memo(function HistoryRow({ job, index, top }: { job: Job; index: number; top: number }) {
  const capabilities = useHost((state) => state.appInfo?.capabilities);
  const { transport, ui, replies } = useStores();
  const [busy, setBusy] = useState(false);
  const status = jobStatus(job, undefined);
  const actions = actionsFor(job, capabilities).filter((action) => HISTORY_ACTIONS.has(action));
  const act = async (action: JobAction) => {
    setBusy(true);
    try {
      await runAction(transport, job, action);
      if (action !== 'remove') replies.getState().markRead([job.id]);
    } catch (error) {
      const problem = toTransportError(error, `${ACTION_LABELS[action]} failed`);
      ui.getState().notify(`${ACTION_LABELS[action]} “${job.fileName}”: ${problem.message}`, problem.hint);
    } finally {
      setBusy(false);
    }
  };
  const ended = endedAt(job);
  return (
    <GridRow
      className={`job-row tone-${status.tone}`}
      style={{ transform: `translateY(${top}px)` }}
      aria-rowindex={index + 2}
      aria-label={`${job.fileName}, ${status.word}`}
    >
      <GridCell className="cell cell--name" title={job.fileName}>
        <div className="cell__inner">
          <Icon name="file" />
          <span className="job-name">{middleTruncate(job.fileName, 40)}</span>
          {job.type === 'upload-reply' && <span className="badge">reply</span>}
        </div>
      </GridCell>
      <GridCell className="cell cell--size num">{formatBytes(job.bytesTotal)}</GridCell>
      <GridCell className="cell cell--state" title={status.detail ?? status.word}>
        <span className="state">
          <Icon name={status.icon} />
          <span className="state__word">{status.word}</span>
          {status.eta && <span className="state__detail">{status.eta}</span>}
          {job.error && job.state === 'cancelled' && (
            <span className="state__detail">after: {job.error.message}</span>
          )}
        </span>
      </GridCell>
      <GridCell className="cell cell--ended num">
        <time dateTime={new Date(ended).toISOString()} title={EXACT.format(ended)}>
          {TIME.format(ended)}
        </time>
      </GridCell>
      <GridCell className="cell cell--host" title={job.url}>
        {hostOf(job.url)}
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
              disabled={busy}
              onClick={() => void act(action)}
            >
              <Icon name={ACTION_ICONS[action]} />
              <span>{ACTION_LABELS[action]}</span>
            </button>
          ))}
        </div>
      </GridCell>
    </GridRow>
  );
});
