/** The queue's columns, in order; `track` is the CSS grid track each takes. */
export const COLUMNS = [
  { key: 'name', label: 'Name', track: 'minmax(160px, 3fr)' },
  { key: 'size', label: 'Size', track: '80px' },
  { key: 'progress', label: 'Progress', track: 'minmax(110px, 1.4fr)' },
  { key: 'state', label: 'State', track: 'minmax(120px, 1.6fr)' },
  { key: 'acked', label: 'Sent', track: '80px' },
  { key: 'speed', label: 'Speed', track: '92px' },
  { key: 'eta', label: 'Time', track: '104px' },
  { key: 'priority', label: 'Priority', track: '84px' },
  { key: 'host', label: 'Host', track: 'minmax(128px, 1fr)' },
  { key: 'actions', label: 'Actions', track: '212px' },
] as const;

/** Fixed row height (ui.md: 32–40 px); the virtualizer relies on it. */
export const ROW_HEIGHT = 36;

export const GRID_TEMPLATE = COLUMNS.map((column) => column.track).join(' ');

/** The host of a job's URL, or the URL itself when it does not parse. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
