import type { SortKey } from './shown-jobs.js';

/**
 * The queue's columns, in order. `track` is the CSS grid track each takes; `drop` is the width
 * step at which a narrow list hides it (0: never), least important first; `sort` its sort key.
 * Speed and time left outlive Size: they are what people watch while the details pane is open.
 * State comes just before them: a row with a reason and no speed (failed, waiting to retry) lets
 * its reason run over their cells (row-reason.css).
 */
export const COLUMNS = [
  { key: 'name', label: 'Name', track: 'minmax(184px, 3fr)', drop: 0, sort: 'name' },
  { key: 'size', label: 'Size', track: '80px', drop: 3, sort: 'size' },
  { key: 'progress', label: 'Progress', track: 'minmax(100px, 1.4fr)', drop: 0, sort: 'progress' },
  { key: 'acked', label: 'Sent', track: '80px', drop: 1, sort: 'acked' },
  { key: 'state', label: 'State', track: 'minmax(116px, 1.6fr)', drop: 0, sort: 'state' },
  { key: 'speed', label: 'Speed', track: '92px', drop: 4, sort: 'speed' },
  { key: 'eta', label: 'Time', track: '116px', drop: 4, sort: 'eta' },
  { key: 'priority', label: 'Priority', track: '88px', drop: 1, sort: 'priority' },
  { key: 'host', label: 'Host', track: 'minmax(96px, 1fr)', drop: 2, sort: 'host' },
  { key: 'actions', label: 'Actions', track: '84px', drop: 0, sort: undefined },
] as const satisfies ReadonlyArray<{
  key: string;
  label: string;
  track: string;
  drop: number;
  sort: SortKey | undefined;
}>;

export type ColumnKey = (typeof COLUMNS)[number]['key'];

/** Fixed row height (ui.md: 32–40 px); the virtualizer relies on it. */
export const ROW_HEIGHT = 36;

/** Width steps of job-list.css (container widths 1060, 900, 800, 620 px): 0 shows every column. */
export const DROP_STEPS = [0, 1, 2, 3, 4] as const;

/** The grid template at each step, as CSS variables (`--grid-cols-<step>`) for job-list.css. */
export const GRID_TEMPLATES: Record<string, string> = Object.fromEntries(
  DROP_STEPS.map((step) => [
    `--grid-cols-${step}`,
    COLUMNS.filter((column) => column.drop === 0 || column.drop > step)
      .map((column) => column.track)
      .join(' '),
  ]),
);

/** The drop step of a column's cells (`data-drop`), undefined for those always shown. */
export const dropOf = (key: ColumnKey): number | undefined => {
  const drop = COLUMNS.find((column) => column.key === key)?.drop;
  return drop ? drop : undefined;
};

/** The host of a job's URL, or the URL itself when it does not parse. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
