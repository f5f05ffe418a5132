import { expect } from 'vitest';
import { UPLOAD_PROTOCOL_GUID } from '../../../shared/bits-codes.js';
import type { SessionState } from '../../../shared/session-state.js';
import type { BitsError } from '../errors.js';
import type { SessionEvent, UploadOutcome, UploadSessionOptions } from '../upload-options.js';
import { runUploadSession } from '../upload-session.js';
import { FakeClock } from './fake-clock.js';
import { MemoryFile } from './memory-file.js';
import { type ScriptedExchange, ScriptedTransport } from './scripted-transport.js';

export const DEST = 'http://bits.example/up/report.bin?tenant=7';

export type Settled = { ok: true; value: UploadOutcome } | { ok: false; error: BitsError };

/** Starts a session runner on a scripted transport and fake clock, recording everything it reports. */
export function startSession(options: Partial<UploadSessionOptions> & { size?: number } = {}) {
  const transport = new ScriptedTransport();
  const clock = new FakeClock();
  const file = (options.file as MemoryFile | undefined) ?? MemoryFile.pattern(options.size ?? 20_000);
  const checkpoints: SessionState[] = [];
  const events: SessionEvent[] = [];
  const progress: number[] = [];
  const settled: Promise<Settled> = runUploadSession({
    url: DEST,
    kind: 'upload',
    transport,
    clock,
    fragmentSize: 8192,
    onCheckpoint: (state) => {
      checkpoints.push(state);
    },
    onEvent: (event) => events.push(event),
    onProgress: (p) => progress.push(p.acked),
    ...options,
    file,
  }).then(
    (value) => ({ ok: true as const, value }),
    (error: BitsError) => ({ ok: false as const, error }),
  );
  return {
    transport,
    clock,
    file,
    checkpoints,
    events,
    progress,
    settled,
    script: new SessionScript(transport),
  };
}

/** Shorthands for answering the runner's packets the way a conformant server would. */
export class SessionScript {
  constructor(private readonly transport: ScriptedTransport) {}

  async expect(packetType: string): Promise<ScriptedExchange> {
    const exchange = await this.transport.next();
    expect(exchange.packetType).toBe(packetType);
    return exchange;
  }

  /** Answers the next packet with 401 and this challenge, as a server asking for credentials. */
  async challenge(packetType: string, challenge = 'Basic realm="BITS"'): Promise<ScriptedExchange> {
    const exchange = await this.expect(packetType);
    exchange.respond(401, { 'WWW-Authenticate': challenge, 'Content-Length': '0' });
    return exchange;
  }

  async createSession(sessionId = '{S-1}', extra: Record<string, string> = {}): Promise<ScriptedExchange> {
    const exchange = await this.expect('Create-Session');
    exchange.ack({
      'BITS-Protocol': UPLOAD_PROTOCOL_GUID,
      'BITS-Session-Id': sessionId,
      'Accept-Encoding': 'identity',
      ...extra,
    });
    return exchange;
  }

  async ping(): Promise<ScriptedExchange> {
    const exchange = await this.expect('Ping');
    exchange.ack();
    return exchange;
  }

  /** Expects a Fragment with this Content-Range and acknowledges up to `cursor` (default: its end). */
  async fragment(
    range: string,
    cursor?: number,
    extra: Record<string, string> = {},
  ): Promise<ScriptedExchange> {
    const exchange = await this.expect('Fragment');
    expect(exchange.header('Content-Range')).toBe(range);
    const end = cursor ?? Number(/-(\d+)\//.exec(range)?.[1] ?? -1) + 1;
    exchange.ack({ 'BITS-Received-Content-Range': String(end), ...extra });
    return exchange;
  }

  async close(): Promise<ScriptedExchange> {
    const exchange = await this.expect('Close-Session');
    exchange.ack();
    return exchange;
  }
}
