import { useVirtualizer } from '@tanstack/react-virtual';
import {
  type KeyboardEvent,
  type MouseEvent,
  type PointerEvent,
  useCallback,
  useEffect,
  useRef,
  useState,
} from 'react';
import type { Job } from '../../../shared/jobs.js';
import { toTransportError } from '../../lib/transport/transport-error.js';
import { useJobs, useSelection, useStores } from '../../stores/app-stores.js';
import { selectJobCount } from '../../stores/jobs-store.js';
import { COLUMNS, dropOf, GRID_TEMPLATES, ROW_HEIGHT } from './columns.js';
import { EmptyQueue } from './empty-queue.js';
import { ColumnHeader, GridCell, GridRow, GridRowGroup } from './grid-parts.js';
import { JobContextMenu } from './job-context-menu.js';
import { JobRow } from './job-row.js';
import { createJumpAwareRange } from './jump-range.js';
import { listViewOf, useListView, useShownJobs } from './list-view.js';
import { dropMoves } from './row-drag.js';
import { focusedSlot, RowSlots } from './row-slots.js';
import { commandFor } from './shortcuts.js';
import { useQueueCommands } from './use-queue-commands.js';
import { useRowDrag } from './use-row-drag.js';
import './job-list.css';

const MOVE_KEYS = {
  'move-up': 'move-up',
  'move-down': 'move-down',
  'move-top': 'move-top',
  'move-bottom': 'move-bottom',
} as const;

/**
 * The queue as a virtualized ARIA grid: only the rows in view (plus a few) are in the DOM, so
 * 10,000 jobs scroll smoothly. A job keeps its DOM row while it stays in view, so updates keep
 * scroll and focus; a job scrolled into view takes over a row another job left (row-slots.ts).
 * The rows shown follow the state chip, the search and the sort (list-view.ts).
 */
export function JobList() {
  const stores = useStores();
  const { ui, selection: selectionStore } = stores;
  const loaded = useJobs((state) => state.loaded);
  // Counted once per job list (a for-in over 10,000 keys lists them all, even to stop at the first).
  const any = useJobs((state) => selectJobCount(state) > 0);
  const shown = useShownJobs();
  const { jobs, ids: order } = shown;
  const sort = useListView((state) => state.view.sort);
  const queueOrder = sort.key === 'queue' && sort.direction === 'asc';
  const scroller = useRef<HTMLDivElement>(null);
  // A new getItemKey makes the virtualizer re-measure every row: stable until the list changes,
  // or each scroll frame walks all 10,000 jobs.
  const getItemKey = useCallback((index: number) => jobs[index]?.id ?? index, [jobs]);
  const grid = useRef<HTMLDivElement>(null);
  const rowSlots = useRef<RowSlots>(null);
  rowSlots.current ??= new RowSlots();
  const rangeExtractor = useRef<ReturnType<typeof createJumpAwareRange>>(null);
  rangeExtractor.current ??= createJumpAwareRange();
  const virtualizer = useVirtualizer({
    count: loaded ? jobs.length : 0,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey,
    overscan: 3,
    rangeExtractor: rangeExtractor.current,
  });
  const selection = useSelection((state) => state.selection);
  const commands = useQueueCommands();
  const [menu, setMenu] = useState<{ x: number; y: number }>();
  // Jobs removed or hidden by a chip or the search leave the selection (toolbar and details read it).
  useEffect(() => selectionStore.getState().prune(new Set(order)), [selectionStore, order]);
  const orderRef = useRef(order);
  orderRef.current = order;

  const { drag, start, eatClick } = useRowDrag({
    scroller,
    shown: jobs,
    enabled: queueOrder,
    selected: selection.ids,
    onDrop: (dragged, where) => void moveDropped(stores, dragged, where),
    onRefused: (reason) => ui.getState().notify(`Not moved: ${reason}.`),
  });

  const onSelect = useCallback(
    (id: string, modifiers: { shift: boolean; toggle: boolean }) => {
      if (eatClick()) return;
      selectionStore.getState().click(orderRef.current, id, modifiers);
    },
    [selectionStore, eatClick],
  );
  const onRowPointerDown = useCallback(
    (event: PointerEvent<HTMLElement>, job: Job) => start(event, job),
    [start],
  );
  const onRowMenu = useCallback(
    (event: MouseEvent<HTMLElement>, id: string) => {
      event.preventDefault();
      // A right-click on a row outside the selection acts on that row (as file managers do).
      if (!selectionStore.getState().selection.ids.has(id))
        selectionStore.getState().click(orderRef.current, id, {});
      setMenu({ x: event.clientX, y: event.clientY });
    },
    [selectionStore],
  );
  const closeMenu = useCallback(() => {
    setMenu(undefined);
    grid.current?.focus();
  }, []);
  const openMenuAtFocus = () => {
    const focus = selectionStore.getState().selection.focus;
    const row = focus ? document.getElementById(`job-row-${focus}`) : null;
    const box = (row ?? grid.current)?.getBoundingClientRect();
    setMenu({ x: (box?.left ?? 0) + 24, y: (box?.bottom ?? 0) - 4 });
  };

  const scrollToFocus = () => {
    const next = selectionStore.getState().selection.focus;
    const at = next === undefined ? -1 : orderRef.current.indexOf(next);
    if (at !== -1) virtualizer.scrollToIndex(at);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget) return;
    const selecting = selectionStore.getState();
    const toggle = event.ctrlKey || event.metaKey;
    const command = commandFor(event);
    if (command) {
      switch (command) {
        case 'toggle-suspend':
          void commands.toggleSuspend();
          break;
        case 'priority-up':
        case 'priority-down':
          void commands.stepPriority(command === 'priority-up' ? 1 : -1);
          break;
        case 'details':
          if (selecting.selection.ids.size === 0) return;
          ui.getState().openDetails();
          break;
        case 'menu':
          openMenuAtFocus();
          break;
        case 'move-up':
        case 'move-down':
        case 'move-top':
        case 'move-bottom':
          if (!queueOrder) {
            ui.getState().notify(
              'Sort by queue order to move jobs.',
              'Click a sorted column’s header until it says queue order.',
            );
            break;
          }
          void commands.run(MOVE_KEYS[command]).then(() => requestAnimationFrame(scrollToFocus));
          break;
        case 'cancel':
        case 'retry':
        case 'complete':
        case 'remove':
        case 'reveal':
          void commands.run(command);
          break;
        default:
          // search, suspend-all, resume-all: the queue view handles them wherever focus is.
          return;
      }
      event.preventDefault();
      event.stopPropagation();
      return;
    }
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      selecting.move(order, event.key === 'ArrowDown' ? 1 : -1, event.shiftKey);
    } else if (event.key === 'PageDown' || event.key === 'PageUp') {
      const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? ROW_HEIGHT) / ROW_HEIGHT) - 1);
      selecting.move(order, event.key === 'PageDown' ? page : -page, event.shiftKey);
    } else if ((event.key === 'Home' || event.key === 'End') && !event.altKey) {
      selecting.move(order, event.key === 'End' ? order.length : -order.length, event.shiftKey);
    } else if (toggle && event.key.toLowerCase() === 'a') {
      selecting.selectAll(order);
    } else if (event.key === 'Escape' && selecting.selection.ids.size > 0) {
      selecting.clear();
    } else return;
    event.preventDefault();
    scrollToFocus();
  };

  if (loaded && !any) return <EmptyQueue />;
  const inView = virtualizer.getVirtualItems();
  const slots = rowSlots.current.assign(
    inView.flatMap((item) => jobs[item.index]?.id ?? []),
    focusedSlot(document),
  );
  const indicatorTop = drag ? drag.target.boundary * ROW_HEIGHT : 0;
  return (
    // biome-ignore lint/a11y/useSemanticElements: rows placed by the virtualizer cannot live in a <table>
    <div
      ref={grid}
      className="job-grid"
      role="grid"
      tabIndex={0}
      aria-label="Uploads"
      aria-rowcount={jobs.length + 1}
      aria-colcount={COLUMNS.length}
      aria-busy={!loaded}
      aria-multiselectable
      aria-activedescendant={selection.focus ? `job-row-${selection.focus}` : undefined}
      aria-keyshortcuts="Space Delete Enter"
      onKeyDown={onKeyDown}
      onContextMenu={(event) => {
        // The menu key on the grid itself (not a row): open at the focused row.
        if (event.target !== event.currentTarget) return;
        event.preventDefault();
        openMenuAtFocus();
      }}
      style={GRID_TEMPLATES as React.CSSProperties}
    >
      <GridRowGroup className="job-grid__head">
        <GridRow className="job-row job-row--head" aria-rowindex={1}>
          {COLUMNS.map((column) => (
            <ColumnHeader
              key={column.key}
              className={`cell cell--${column.key}`}
              data-drop={dropOf(column.key)}
              aria-label={column.label}
              aria-sort={
                column.sort && sort.key === column.sort
                  ? sort.direction === 'asc'
                    ? 'ascending'
                    : 'descending'
                  : undefined
              }
            >
              {column.sort ? (
                <button
                  type="button"
                  className="sort-button"
                  aria-label={`Sort by ${column.label.toLowerCase()}`}
                  title={
                    sort.key === column.sort
                      ? sort.direction === 'asc'
                        ? `Sorted by ${column.label.toLowerCase()}, ascending: click to reverse`
                        : `Sorted by ${column.label.toLowerCase()}, descending: click for queue order`
                      : `Sort by ${column.label.toLowerCase()}`
                  }
                  onClick={() => listViewOf(stores).getState().sortBy(column.sort)}
                >
                  <span>{column.label}</span>
                  <span className="sort-button__arrow" aria-hidden="true">
                    {sort.key === column.sort ? (sort.direction === 'asc' ? '▲' : '▼') : ''}
                  </span>
                </button>
              ) : (
                column.label
              )}
            </ColumnHeader>
          ))}
        </GridRow>
      </GridRowGroup>
      <GridRowGroup className={`job-grid__body${drag ? ' job-grid__body--dragging' : ''}`} ref={scroller}>
        {!loaded ? (
          [0, 1, 2].map((n) => (
            <GridRow key={n} className="job-row job-row--placeholder">
              <GridCell className="cell">
                <span className="placeholder">
                  {n === 0 && <span className="visually-hidden">Loading…</span>}
                </span>
              </GridCell>
            </GridRow>
          ))
        ) : jobs.length === 0 ? (
          <NothingShown />
        ) : (
          <div className="job-grid__space" style={{ height: virtualizer.getTotalSize() }}>
            {inView.map((item) => {
              const job = jobs[item.index];
              const slot = job && slots.get(job.id);
              return job && slot !== undefined ? (
                <JobRow
                  key={slot}
                  job={job}
                  index={item.index}
                  top={item.start}
                  slot={slot}
                  selected={selection.ids.has(job.id)}
                  dragged={drag?.dragged.has(job.id) ?? false}
                  onSelect={onSelect}
                  onPointerDown={onRowPointerDown}
                  onContextMenu={onRowMenu}
                />
              ) : null;
            })}
            {drag && (
              <div
                className={`drop-indicator${drag.target.ok ? '' : ' drop-indicator--refused'}`}
                style={{ top: indicatorTop }}
                role="status"
              >
                <span className="drop-indicator__label">
                  {drag.target.ok
                    ? `Move ${drag.dragged.size === 1 ? 'here' : `${drag.dragged.size} here`}`
                    : drag.target.reason}
                </span>
              </div>
            )}
          </div>
        )}
      </GridRowGroup>
      {menu && <JobContextMenu at={menu} onClose={closeMenu} />}
    </div>
  );
}

/** A chip or a search that leaves no row says so, and how to get the rows back. */
function NothingShown() {
  const stores = useStores();
  const view = useListView((state) => state.view);
  const search = view.search.trim();
  return (
    <GridRow className="job-row job-row--nothing">
      <GridCell className="cell nothing-shown">
        <span>
          {search ? `No job’s name contains “${search}”` : 'No jobs in this state'}
          {search && view.filter !== 'all' ? ' in this state' : ''}.
        </span>
        <button
          type="button"
          className="ghost"
          onClick={() => {
            listViewOf(stores).getState().setFilter('all');
            listViewOf(stores).getState().setSearch('');
          }}
        >
          Show all jobs
        </button>
      </GridCell>
    </GridRow>
  );
}

/** A drop: one jobs:move per dragged job; failures in one notice. */
async function moveDropped(
  stores: ReturnType<typeof useStores>,
  dragged: readonly Job[],
  where: { before: string } | { after: string },
): Promise<void> {
  let failed = 0;
  let first: unknown;
  for (const move of dropMoves(dragged, where)) {
    try {
      await stores.transport.invoke('jobs:move', move);
    } catch (error) {
      failed++;
      first ??= error;
    }
  }
  if (failed > 0) {
    const problem = toTransportError(first, 'Moving failed');
    stores.ui
      .getState()
      .notify(`Move: ${failed} of ${dragged.length} could not be moved: ${problem.message}`, problem.hint);
  }
}
