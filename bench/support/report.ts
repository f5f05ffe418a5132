/** Plain-text output: section headings, aligned tables, verdict lines, and the final summary. */

export interface SummaryRow {
  section: string;
  measure: string;
  result: string;
  target: string;
  verdict: string;
}

export function heading(title: string): void {
  const line = '='.repeat(Math.max(20, title.length));
  console.log(`\n${line}\n${title}\n${line}`);
}

export function note(text: string): void {
  console.log(text);
}

/** A number, a range or a number with a unit: right-aligned in tables. */
const NUMERIC = /^[-+]?[\d.]+(–[\d.]+)?( ?(ms|s|MB|MiB|GiB|MB\/s|%))?$/;

/** Columns padded to their widest cell; numeric cells right-aligned unless `leftOnly`. */
export function table(headers: string[], rows: string[][], leftOnly = false): void {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const render = (cells: string[]) =>
    cells
      .map((cell, i) =>
        !leftOnly && NUMERIC.test(cell) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!),
      )
      .join('  ')
      .trimEnd();
  console.log(render(headers));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(render(row));
}

/** The one-line verdict each section ends with. */
export function verdict(text: string): void {
  console.log(`Verdict: ${text}`);
}

/** "meets" / "MISSES" wording for a ratio with a lower bound. */
export function ratioVerdict(ratio: number, target: number): string {
  if (!Number.isFinite(ratio)) return 'no result';
  if (ratio >= target) return `meets target (${ratio.toFixed(2)} >= ${target})`;
  const shortBy = ((target - ratio) / target) * 100;
  return `MISSES target: ${ratio.toFixed(2)} < ${target} (${shortBy.toFixed(0)}% short)`;
}
