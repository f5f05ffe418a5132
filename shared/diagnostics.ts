import { escapeControl } from './display-text.js';
import { explainError } from './error-explain.js';
import { formatBytes } from './format.js';
import type { Job, JobEvent } from './jobs.js';
import { redactHeaders, redactText } from './redact.js';

/**
 * A job's details and timeline as plain text for a support ticket (Copy diagnostics). Every value
 * that came from outside (URLs, messages, the server's evidence) is redacted (redact.ts) and
 * shown with its control characters escaped; the labels are ours.
 */
export function diagnosticsText(job: Job, events: readonly JobEvent[], now: number): string {
  const secretNames = job.headerNames;
  const clean = (text: string) => escapeControl(redactText(text, secretNames));
  const lines: string[] = ['BITS Uploader diagnostics', `Copied: ${iso(now)}`, '', 'Job'];
  const field = (label: string, value: string | number | undefined, indent = '  ') => {
    if (value !== undefined && value !== '') lines.push(`${indent}${label}: ${value}`);
  };
  field('Id', clean(job.id));
  field('File', clean(job.fileName));
  field('Local path', clean(job.filePath));
  field('URL', clean(job.url));
  field('Type', job.type);
  field('State', job.state);
  field('Priority', job.priority);
  field('Size', `${formatBytes(job.bytesTotal)} (${job.bytesTotal} bytes)`);
  field('Acknowledged', `${formatBytes(job.bytesAcked)} (${job.bytesAcked} bytes)`);
  if (job.bytesResent) field('Bytes re-sent', `${job.bytesResent} bytes`);
  if (job.bestAcked !== undefined && job.bestAcked > job.bytesAcked)
    field('Lost by the server, being re-sent', `${job.bestAcked - job.bytesAcked} bytes`);
  field('Session id', job.sessionId === undefined ? undefined : clean(job.sessionId));
  field('Server host', clean(serverHost(job)));
  field('Fragment size', job.fragmentSize === undefined ? 'automatic' : `${job.fragmentSize} bytes`);
  field('Attempts', job.attempts);
  field('Created', iso(job.createdAt));
  field('Started', startedAt(events) === undefined ? undefined : iso(startedAt(events)!));
  field('Finished', job.completedAt === undefined ? undefined : iso(job.completedAt));
  field('Next retry', job.nextRetryAt === undefined ? undefined : iso(job.nextRetryAt));
  field('SHA-256', job.sha256);
  if (job.replyPath) field('Reply path', clean(job.replyPath));
  field(
    'Custom headers',
    job.headerNames.length ? `${job.headerNames.map(clean).join(', ')} (values not shown)` : 'none',
  );
  field('Credentials', job.hasCredentials ? 'yes (not shown)' : 'none');
  if (job.error) lines.push('', ...errorLines(job, clean));
  lines.push('', `Timeline (${events.length})`);
  for (const event of events) {
    const codes = [
      event.httpStatus === undefined ? '' : `HTTP ${event.httpStatus}`,
      event.code ?? '',
      event.context === undefined ? '' : `context ${event.context}`,
    ].filter(Boolean);
    const what = event.kind === 'state' ? `state ${event.state ?? ''}` : event.kind;
    lines.push(
      `  ${iso(event.at)}  ${what}  ${clean(event.message)}${codes.length ? ` [${codes.join(', ')}]` : ''}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function errorLines(job: Job, clean: (text: string) => string): string[] {
  const error = job.error!;
  const words = explainError(error);
  const lines = ['Error', `  ${words.summary}`, `  Next: ${words.next}`];
  const field = (label: string, value: string | number | undefined) => {
    if (value !== undefined && value !== '') lines.push(`  ${label}: ${value}`);
  };
  field('HTTP status', error.httpStatus);
  field('BITS code', `${error.code}${words.codeName ? ` (${words.codeName})` : ''}`);
  field('Context', `${error.context} (${words.contextName})`);
  field('Phase', error.phase);
  field('Class', error.classification);
  field('At', iso(error.at));
  field('Message', clean(error.message));
  field('What to do', words.hint === undefined ? undefined : clean(words.hint));
  const evidence = error.evidence;
  if (evidence) {
    field('Request', evidence.request === undefined ? undefined : clean(evidence.request));
    field('Status line', evidence.statusLine === undefined ? undefined : clean(evidence.statusLine));
    if (evidence.headers?.length) {
      lines.push('  Response headers:');
      for (const [name, value] of redactHeaders(evidence.headers, job.headerNames))
        lines.push(`    ${escapeControl(name)}: ${escapeControl(value)}`);
    }
    if (evidence.body) {
      lines.push('  Body:');
      for (const line of redactText(evidence.body, job.headerNames).split('\n'))
        lines.push(`    ${escapeControl(line)}`);
    }
    field('Detail', evidence.detail === undefined ? undefined : clean(evidence.detail));
  }
  return lines;
}

/** When the job first began to transfer: its first connecting or transferring entry. */
export function startedAt(events: readonly JobEvent[]): number | undefined {
  return events.find((event) => event.state === 'connecting' || event.state === 'transferring')?.at;
}

/** The URL's host, and the farm node holding the session when the server named one. */
export function serverHost(job: Pick<Job, 'url' | 'serverHost'>): string {
  let host: string;
  try {
    host = new URL(job.url).host;
  } catch {
    host = job.url;
  }
  return job.serverHost && job.serverHost !== host ? `${host} (farm node ${job.serverHost})` : host;
}

function iso(at: number): string {
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? String(at) : date.toISOString();
}
