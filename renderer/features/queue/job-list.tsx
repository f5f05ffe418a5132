import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, useCallback, useEffect, useMemo, useRef } from 'react';
import { toTransportError } from '../../lib/transport/transport-error.js';
import { useJobs, useSelection, useStores } from '../../stores/app-stores.js';
import { orderJobs } from '../../stores/jobs-store.js';
import { COLUMNS, GRID_TEMPLATE, ROW_HEIGHT } from './columns.js';
import { EmptyQueue } from './empty-queue.js';
import { ColumnHeader, GridCell, GridRow, GridRowGroup } from './grid-parts.js';
import { runAction } from './job-actions.js';
import { JobRow } from './job-row.js';

const SUSPENDABLE: ReadonlySet<string> = new Set(['queued', 'connecting', 'transferring', 'transient-error']);
const SUSPENDABLE_NOT: ReadonlySet<string> = new Set(['suspended']);

/**
 * The queue as a virtualized ARIA grid: only the rows in view (plus a few) are in the DOM, so
 * 10,000 jobs scroll smoothly; rows are keyed by job id, so updates keep scroll and focus.
 */
export function JobList() {
  const byId = useJobs((state) => state.byId);
  const loaded = useJobs((state) => state.loaded);
  const jobs = useMemo(() => orderJobs(byId), [byId]);
  const scroller = useRef<HTMLDivElement>(null);
  // A new getItemKey makes the virtualizer re-measure every row: stable until the list changes,
  // or each scroll frame walks all 10,000 jobs.
  const getItemKey = useCallback((index: number) => jobs[index]?.id ?? index, [jobs]);
  const virtualizer = useVirtualizer({
    count: loaded ? jobs.length : 0,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey,
    overscan: 8,
  });
  const order = useMemo(() => jobs.map((job) => job.id), [jobs]);
  const { transport, ui, selection: selectionStore } = useStores();
  const selection = useSelection((state) => state.selection);
  // Removed jobs leave the selection (the toolbar and details pane read it too).
  useEffect(() => selectionStore.getState().prune(new Set(order)), [selectionStore, order]);
  const orderRef = useRef(order);
  orderRef.current = order;
  const onSelect = useCallback(
    (id: string, modifiers: { shift: boolean; toggle: boolean }) =>
      selectionStore.getState().click(orderRef.current, id, modifiers),
    [selectionStore],
  );
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const toggle = event.ctrlKey || event.metaKey;
    if (event.key === ' ' && event.target === event.currentTarget) {
      event.preventDefault();
      // Space: suspend the selection, or resume it when every selected job is suspended.
      const chosen = jobs.filter((job) => selection.ids.has(job.id));
      const action = chosen.every((job) => job.state === 'suspended') ? 'resume' : 'suspend';
      const able = action === 'resume' ? SUSPENDABLE_NOT : SUSPENDABLE;
      for (const job of chosen.filter((j) => able.has(j.state))) {
        runAction(transport, job, action).catch((error: unknown) => {
          const problem = toTransportError(error, `${action === 'resume' ? 'Resume' : 'Suspend'} failed`);
          ui.getState().notify(`“${job.fileName}”: ${problem.message}`, problem.hint);
        });
      }
      return;
    }
    const selecting = selectionStore.getState();
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      selecting.move(order, event.key === 'ArrowDown' ? 1 : -1, event.shiftKey);
    } else if (toggle && event.key.toLowerCase() === 'a') {
      selecting.selectAll(order);
    } else return;
    event.preventDefault();
    const next = selectionStore.getState().selection;
    const at = next.focus === undefined ? -1 : order.indexOf(next.focus);
    if (at !== -1) virtualizer.scrollToIndex(at);
  };

  if (loaded && jobs.length === 0) return <EmptyQueue />;
  return (
    // biome-ignore lint/a11y/useSemanticElements: rows placed by the virtualizer cannot live in a <table>
    <div
      className="job-grid"
      role="grid"
      tabIndex={0}
      aria-label="Uploads"
      aria-rowcount={jobs.length + 1}
      aria-colcount={COLUMNS.length}
      aria-busy={!loaded}
      aria-multiselectable
      aria-activedescendant={selection.focus ? `job-row-${selection.focus}` : undefined}
      onKeyDown={onKeyDown}
      style={{ '--grid-columns-wide': GRID_TEMPLATE } as React.CSSProperties}
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
        {loaded ? (
          <div className="job-grid__space" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const job = jobs[item.index];
              return job ? (
                <JobRow
                  key={job.id}
                  job={job}
                  index={item.index}
                  top={item.start}
                  selected={selection.ids.has(job.id)}
                  onSelect={onSelect}
                />
              ) : null;
            })}
          </div>
        ) : (
          [0, 1, 2].map((n) => (
            <GridRow key={n} className="job-row job-row--placeholder">
              <GridCell className="cell">
                <span className="placeholder">
                  {n === 0 && <span className="visually-hidden">Loading…</span>}
                </span>
              </GridCell>
            </GridRow>
          ))
        )}
      </GridRowGroup>
    </div>
  );
}
