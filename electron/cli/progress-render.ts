import type { ProgressEvent } from '../../shared/contract/core-api.js';
import { escapeControl } from '../../shared/display-text.js';
import { formatBytes, formatEta, formatPercent, formatSpeed, percentOf } from '../../shared/format.js';
import type { Job } from '../../shared/jobs.js';

/** Everything the one-line progress display shows; built from the job and its latest progress event. */
export interface ProgressView {
  label: string;
  bytesAcked: number;
  /** Sent but not yet acknowledged: drawn lighter, since the server may still refuse it. */
  bytesInFlight: number;
  bytesTotal: number;
  speedBps?: number;
  etaSeconds?: number;
  /** Set while the reply is downloading: the bar then counts reply bytes. */
  reply?: { bytes: number; total?: number };
  done?: boolean;
}

/** What the user should read the current moment as. */
export function phaseLabel(job: Job, progress?: ProgressEvent): string {
  switch (job.state) {
    case 'queued':
      return 'Queued';
    case 'connecting':
      return 'Connecting';
    case 'suspended':
      return 'Suspended';
    case 'transient-error':
      return 'Retrying';
    case 'error':
      return 'Failed';
    case 'cancelled':
      return 'Cancelled';
    case 'transferred':
    case 'acknowledged':
      return 'Done';
    case 'transferring':
      break;
  }
  if (progress?.phase === 'reply') return 'Downloading reply';
  const inFlight = progress?.bytesInFlight ?? 0;
  // Everything is on the wire (or on the server): what remains is the server's turn.
  if (job.bytesTotal > 0 && job.bytesAcked + inFlight >= job.bytesTotal) {
    return job.type === 'upload-reply' ? "Waiting for the server's reply" : 'Finishing';
  }
  return 'Uploading';
}

export function progressView(job: Job, progress?: ProgressEvent): ProgressView {
  const done = job.state === 'transferred' || job.state === 'acknowledged';
  const current = progress && progress.jobId === job.id ? progress : undefined;
  const reply =
    current?.phase === 'reply' && !done
      ? { bytes: current.replyBytes ?? 0, total: current.replyTotal }
      : undefined;
  const moving = job.state === 'transferring';
  return {
    label: phaseLabel(job, current),
    bytesAcked: done ? job.bytesTotal : job.bytesAcked,
    bytesInFlight: moving ? (current?.bytesInFlight ?? 0) : 0,
    bytesTotal: job.bytesTotal,
    speedBps: moving ? current?.speedBps : undefined,
    etaSeconds: moving && !reply ? current?.etaSeconds : undefined,
    reply,
    done,
  };
}

const FULL = '█';
const SENT = '▒';
const EMPTY = '░';

/** A bar of `width` cells: acknowledged, then in flight, then the rest. */
export function renderBar(
  acked: number,
  inFlight: number,
  total: number,
  width: number,
  done = false,
): string {
  if (width <= 0) return '';
  const cells = (bytes: number) => Math.floor((percentOf(bytes, total, done) / 100) * width);
  const full = done ? width : cells(acked);
  const sent = done ? 0 : Math.max(0, cells(acked + inFlight) - full);
  return FULL.repeat(full) + SENT.repeat(sent) + EMPTY.repeat(width - full - sent);
}

const MIN_BAR = 10;
const MAX_BAR = 30;

/**
 * One terminal line: "Uploading  ████▒░░░░  37%  1.50 GiB / 4.00 GiB  12.3 MiB/s  ETA 2 min 05 s".
 * Fits in `columns - 1` (writing the last column makes some terminals wrap): the ETA, then the
 * speed, then the bar go first when space runs out.
 */
export function renderProgressLine(view: ProgressView, columns: number): string {
  const width = Math.max(20, columns) - 1;
  const counting = view.reply ?? { bytes: view.bytesAcked, total: view.bytesTotal };
  const total = counting.total;
  const inFlight = view.reply ? 0 : view.bytesInFlight;
  const known = total !== undefined;
  const percent = known ? formatPercent(counting.bytes, total, view.done) : '';
  const sizes = known
    ? `${formatBytes(counting.bytes)} / ${formatBytes(total)}`
    : formatBytes(counting.bytes);
  const speed = view.speedBps !== undefined && view.speedBps > 0 ? formatSpeed(view.speedBps) : undefined;
  const eta = view.etaSeconds !== undefined ? `ETA ${formatEta(view.etaSeconds)}` : undefined;

  const compose = (barWidth: number, withSpeed: boolean, withEta: boolean) => {
    const parts = [view.label];
    if (known && barWidth > 0) parts.push(renderBar(counting.bytes, inFlight, total, barWidth, view.done));
    if (percent) parts.push(percent.padStart(4));
    parts.push(sizes);
    if (withSpeed && speed) parts.push(speed);
    if (withEta && eta) parts.push(eta);
    return parts.join('  ');
  };
  const attempts: Array<[boolean, boolean]> = [
    [true, true],
    [true, false],
    [false, false],
  ];
  for (const [withSpeed, withEta] of attempts) {
    const fixed = compose(0, withSpeed, withEta).length + 2;
    const room = Math.min(MAX_BAR, width - fixed);
    if (room >= MIN_BAR) return compose(room, withSpeed, withEta);
  }
  return truncate(compose(0, false, false), width);
}

/** "Retrying in 12 s: <reason>" as one terminal line. */
export function renderRetryLine(secondsLeft: number | undefined, reason: string, columns: number): string {
  const when = secondsLeft === undefined ? 'Retrying soon' : `Retrying in ${formatEta(secondsLeft)}`;
  return truncate(`${when}: ${escapeControl(oneLine(reason))}`, Math.max(20, columns) - 1);
}

export function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

/** Server messages can carry line breaks; a status line must not. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
