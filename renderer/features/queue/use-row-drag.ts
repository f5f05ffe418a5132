import {
  type PointerEvent as ReactPointerEvent,
  type RefObject,
  useCallback,
  useEffect,
  useRef,
  useState,
} from 'react';
import { FINAL_STATES } from '../../../shared/job-states.js';
import type { Job } from '../../../shared/jobs.js';
import { ROW_HEIGHT } from './columns.js';
import { type DropTarget, dropTarget } from './row-drag.js';

/** Pixels the pointer travels before a press becomes a drag (a click stays a click). */
const DRAG_THRESHOLD = 5;
/** Near the list's top or bottom edge a drag scrolls it. */
const EDGE = 28;

export interface RowDrag {
  dragged: ReadonlySet<string>;
  target: DropTarget;
}

interface Options {
  scroller: RefObject<HTMLDivElement | null>;
  shown: readonly Job[];
  /** Only while the list shows the queue's own order. */
  enabled: boolean;
  selected: ReadonlySet<string>;
  onDrop(dragged: Job[], where: { before: string } | { after: string }): void;
  onRefused(reason: string): void;
}

/**
 * Pointer drag to reorder rows: press on a row and move; a line shows where the rows would go
 * (or, dashed, why they cannot); Escape calls it off. A selected row drags the whole selection.
 */
export function useRowDrag(options: Options) {
  const latest = useRef(options);
  latest.current = options;
  const [drag, setDrag] = useState<RowDrag>();
  const clickEaten = useRef(false);
  const stop = useRef<() => void>(undefined);
  useEffect(() => () => stop.current?.(), []);

  const start = useCallback((event: ReactPointerEvent<HTMLElement>, job: Job) => {
    const { enabled, selected, shown } = latest.current;
    if (!enabled || event.button !== 0 || event.shiftKey || event.ctrlKey || event.metaKey) return;
    if ((event.target as HTMLElement).closest('button') || FINAL_STATES.has(job.state)) return;
    const origin = event.clientY;
    const ids = selected.has(job.id) ? selected : new Set([job.id]);
    const dragged = shown.filter((other) => ids.has(other.id) && !FINAL_STATES.has(other.state));
    let current: RowDrag | undefined;
    const boundaryAt = (clientY: number) => {
      const body = latest.current.scroller.current;
      if (!body) return 0;
      const box = body.getBoundingClientRect();
      if (clientY < box.top + EDGE) body.scrollTop -= ROW_HEIGHT / 2;
      else if (clientY > box.bottom - EDGE) body.scrollTop += ROW_HEIGHT / 2;
      const y = clientY - box.top + body.scrollTop;
      return Math.max(0, Math.min(latest.current.shown.length, Math.round(y / ROW_HEIGHT)));
    };
    const move = (moved: PointerEvent) => {
      if (!current && Math.abs(moved.clientY - origin) < DRAG_THRESHOLD) return;
      moved.preventDefault();
      const target = dropTarget(latest.current.shown, dragged, boundaryAt(moved.clientY));
      current = { dragged: new Set(dragged.map((one) => one.id)), target };
      setDrag(current);
    };
    const end = (up: PointerEvent | undefined) => {
      stop.current?.();
      if (!current) return;
      clickEaten.current = true;
      // The click that ends a drag comes right after pointerup, if at all: forget it after that.
      setTimeout(() => {
        clickEaten.current = false;
      }, 0);
      setDrag(undefined);
      if (!up) return;
      const { target } = current;
      if (target.ok) latest.current.onDrop(dragged, target.where);
      else latest.current.onRefused(target.reason);
    };
    const up = (released: PointerEvent) => end(released);
    const cancel = () => end(undefined);
    const onEscape = (key: KeyboardEvent) => {
      if (key.key === 'Escape' && current) {
        key.preventDefault();
        key.stopPropagation();
        end(undefined);
      }
    };
    stop.current?.();
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
    window.addEventListener('pointercancel', cancel);
    window.addEventListener('keydown', onEscape, true);
    stop.current = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      window.removeEventListener('pointercancel', cancel);
      window.removeEventListener('keydown', onEscape, true);
      stop.current = undefined;
    };
  }, []);

  /** True once after a drag: the click that ends it must not change the selection. */
  const eatClick = useCallback(() => {
    const eaten = clickEaten.current;
    clickEaten.current = false;
    return eaten;
  }, []);

  return { drag, start, eatClick };
}
