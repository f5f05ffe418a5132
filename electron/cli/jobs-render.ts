import type { JobDetail } from '../../shared/contract/core-api.js';
import { formatBytes } from '../../shared/format.js';
import type { Job } from '../../shared/jobs.js';

/** Names and messages may hold control characters (a hostile file or server): shown escaped. */
export function printable(text: string): string {
  return text.replace(
    /[\x00-\x1f\x7f\u2028\u2029]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

function percent(job: Job): string {
  if (job.bytesTotal === 0) return job.state === 'acknowledged' ? '100%' : '0%';
  return `${Math.floor((job.bytesAcked / job.bytesTotal) * 100)}%`;
}

/** `jobs list`: one line per job, id first (what the other verbs take). */
export function renderJobTable(jobs: Job[], total: number): string {
  if (jobs.length === 0) return 'No jobs.\n';
  const rows = jobs.map((job) => [
    job.id,
    job.state,
    percent(job),
    formatBytes(job.bytesTotal),
    printable(job.fileName),
  ]);
  const header = ['ID', 'STATE', 'DONE', 'SIZE', 'FILE'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join('  ');
  const more = total > jobs.length ? `… and ${total - jobs.length} more\n` : '';
  return `${[line(header), ...rows.map(line)].join('\n')}\n${more}`;
}

/** `jobs show`: the job's fields and its timeline. */
export function renderJobDetail({ job, events }: JobDetail): string {
  const lines = [
    `Job ${job.id}`,
    `  File:      ${printable(job.filePath)}`,
    `  URL:       ${printable(job.url)}`,
    `  Type:      ${job.type}${job.replyPath ? ` (reply: ${printable(job.replyPath)})` : ''}`,
    `  State:     ${job.state}`,
    `  Priority:  ${job.priority}`,
    `  Progress:  ${formatBytes(job.bytesAcked)} of ${formatBytes(job.bytesTotal)} (${percent(job)})`,
    `  Attempts:  ${job.attempts}`,
  ];
  if (job.headerNames.length > 0) lines.push(`  Headers:   ${job.headerNames.map(printable).join(', ')}`);
  if (job.hasCredentials) lines.push('  Credentials: yes');
  if (job.error) {
    lines.push(`  Error:     ${printable(job.error.message)}`);
    if (job.error.hint) lines.push(`  What to do: ${printable(job.error.hint)}`);
  }
  if (events.length > 0) {
    lines.push('  Timeline:');
    for (const event of events)
      lines.push(`    ${new Date(event.at).toISOString()}  ${printable(event.message)}`);
  }
  return `${lines.join('\n')}\n`;
}
