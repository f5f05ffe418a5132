import { ERROR_CONTEXT, HRESULT, UPLOAD_PROTOCOL_GUID } from '../../shared/bits-codes.js';
import { freshSessionState, restartedSessionState, type SessionState } from '../../shared/session-state.js';
import { ackErrorCode, errorFromStatus, toBitsError } from './classify.js';
import { type Clock, systemClock } from './clock.js';
import { parseDestination } from './destination.js';
import { BitsError, type ErrorPhase, isAbortError, protocolError } from './errors.js';
import { localFileError, verifyUnchanged } from './file-checks.js';
import { addResent, countResent, FragmentPacing, watchResends } from './fragment-pacing.js';
import {
  armHostFallback,
  hostIdUrl,
  packetTarget,
  parseFallbackTimeout,
  resetHostFallback,
} from './host-id.js';
import { type HttpResponse, type HttpTransport, type RequestBody, TransportError } from './http/transport.js';
import { OriginPolicy } from './origin-policy.js';
import {
  BITS_METHOD,
  contentName,
  contentRange,
  describeRequest,
  expectAck,
  type PacketType,
  packetHeaders,
  readExcerpt,
  receivedCursor,
  responseEvidence,
} from './packets.js';
import { DEFAULT_REPLY_LIMITS, downloadReply } from './reply/download-reply.js';
import { resolveReplyUrl } from './reply/resolve-reply-url.js';
import { RunDigest } from './run-digest.js';
import { digestMismatch, ERROR_CRC, reprDigest } from './upload-digest.js';
import {
  DEFAULT_MAX_SESSION_RESTARTS,
  DEFAULT_TIMEOUTS,
  MIN_FRAGMENT_SIZE,
  type Timeouts,
  type UploadOutcome,
  type UploadSessionOptions,
} from './upload-options.js';

/** The server forgot our session (0x8020001F): start a new one (§13 item 8). */
class SessionLost extends Error {}

/**
 * Runs one BITS upload session to the end, or until the first error (thrown as a BitsError;
 * the last checkpoint holds the state to resume from). Retrying is the caller's job.
 */
export async function runUploadSession(options: UploadSessionOptions): Promise<UploadOutcome> {
  return new UploadSessionRunner(options).run();
}

class UploadSessionRunner {
  private state!: SessionState;
  private readonly destination: URL;
  private readonly policy: OriginPolicy;
  private readonly clock: Clock;
  private readonly timeouts: Timeouts;
  private readonly maxRestarts: number;
  private lastTarget: URL;
  private needPing = false;
  private readonly pacing: FragmentPacing;
  /** Content-Name for every fragment (Windows sends it each time; servers ignore it). */
  private readonly contentName: string | undefined;
  private readonly digest: RunDigest;
  /** The caller's transport answering the server's authentication challenges with the job's credentials. */
  private readonly transport: HttpTransport;

  constructor(private readonly options: UploadSessionOptions) {
    this.destination = parseDestination(options.url);
    this.lastTarget = this.destination;
    this.policy = new OriginPolicy(this.destination, options.auth ?? { headers: [] });
    this.transport = this.policy.authenticated(options.transport);
    this.clock = options.clock ?? systemClock;
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.maxRestarts = options.maxSessionRestarts ?? DEFAULT_MAX_SESSION_RESTARTS;
    this.pacing = new FragmentPacing(options.fragmentSize, () =>
      options.throttle?.active() ? (options.throttle.limitBps?.() ?? 0) : 0,
    );
    this.contentName = contentName(options.file.path);
    this.digest = new RunDigest(options.digest);
  }

  async run(): Promise<UploadOutcome> {
    const { options } = this;
    if (options.kind === 'upload-reply' && !options.replyPath) {
      throw new TypeError('an upload-reply job needs a reply path');
    }
    for (const message of this.policy.warnings()) options.onEvent?.({ type: 'warning', message });
    await this.loadState();
    try {
      for (;;) {
        try {
          return await this.step();
        } catch (error) {
          if (!(error instanceof SessionLost)) throw error;
          await this.restartSession();
        }
      }
    } catch (error) {
      throw await this.failed(error);
    } finally {
      await this.digest.end();
      await options.file.close?.().catch(() => undefined);
    }
  }

  /** One pass through the session: create or resume, fragments, reply, close. */
  private async step(): Promise<UploadOutcome> {
    const { state, options } = this;
    if (!state.sessionId) await this.createSession();
    if (this.needPing) await this.ping();
    if (!state.uploadComplete) await this.sendFragments();
    let replyBytes: number | undefined;
    if (options.kind === 'upload-reply' && !state.replyDone) replyBytes = await this.fetchReply();
    await this.closeSession();
    return { state: structuredClone(state), replyPath: options.replyPath, replyBytes };
  }

  private async loadState(): Promise<void> {
    const { options } = this;
    if (options.state?.uploadComplete) {
      // The server has the whole file: only the reply and Close-Session are left, and neither
      // needs the local copy (it may have been moved or edited since).
      this.state = structuredClone(options.state);
    } else {
      const identity = await options.file.identify().catch((error: unknown) => {
        throw localFileError(error, options.file.path);
      });
      if (!options.state) {
        this.state = freshSessionState(identity.size, identity.mtimeMs);
        this.digest.bind(identity);
        return;
      }
      this.state = structuredClone(options.state);
      verifyUnchanged(this.state, identity, options.file.path);
    }
    this.digest.bind({ size: this.state.fileSize, mtimeMs: this.state.fileMtimeMs });
    // Each run gets a fresh budget of session restarts; the job layer's back-off spaces runs out.
    this.state.restartsWithoutProgress = 0;
    if (this.state.sessionId) {
      // Windows pings every resumed session first (§6.4): re-authenticates a fresh connection.
      this.needPing = true;
      if (this.state.hostId) this.policy.allowOrigin(hostIdUrl(this.destination, this.state.hostId));
      options.onEvent?.({ type: 'resumed', acked: this.state.acked });
    }
  }

  private async restartSession(): Promise<void> {
    if (this.state.restartsWithoutProgress >= this.maxRestarts) {
      throw new BitsError(
        `The server keeps losing the upload session (${this.state.restartsWithoutProgress + 1} times without progress).`,
        {
          code: HRESULT.BG_E_SESSION_NOT_FOUND,
          classification: 'transient',
          phase: 'upload',
          hint: 'The server may be a farm without shared storage or be purging sessions; the upload will be retried later.',
        },
      );
    }
    this.state = restartedSessionState(this.state);
    this.needPing = false;
    this.options.onEvent?.({ type: 'session-restarted', reason: 'the server no longer knows the session' });
    await this.checkpoint();
  }

  private async failed(error: unknown): Promise<unknown> {
    if (this.options.signal?.aborted) return this.options.signal.reason;
    const bitsError = toBitsError(error, 'upload', `${BITS_METHOD} ${this.lastTarget.href}`);
    if (bitsError.context === ERROR_CONTEXT.GENERAL_TRANSPORT) {
      this.transport.resetConnection(this.lastTarget.origin);
    }
    if (
      this.lastTarget !== this.destination &&
      bitsError.phase !== 'reply' &&
      bitsError.phase !== 'local-file'
    ) {
      if (armHostFallback(this.state, this.clock.now())) {
        this.options.onEvent?.({ type: 'host-fallback-armed', deadline: this.state.hostFallbackDeadline! });
        await this.checkpoint().catch(() => undefined);
      }
    }
    return bitsError;
  }

  private target(): URL {
    const wasFallenBack = this.state.hostFallenBack;
    const target = packetTarget(this.destination, this.state, this.clock.now());
    if (!wasFallenBack && this.state.hostFallenBack) {
      this.options.onEvent?.({ type: 'host-fallback', to: this.destination.origin });
    }
    this.lastTarget = target;
    return target;
  }

  private async send(
    type: PacketType,
    target: URL,
    extra: Array<[string, string]> = [],
    body?: RequestBody,
    detail?: string,
    idempotent = false,
    /** Also told of this request's body progress (beside the caller's onBodyProgress). */
    onBodySent?: (sent: number) => void,
  ): Promise<{ response: HttpResponse; request: string }> {
    const request = describeRequest(type, target, detail);
    const headers = [
      ...packetHeaders(type, this.state.sessionId),
      ...extra,
      ...this.policy.headersFor(target),
    ];
    const timing = {
      sendTimeoutMs: this.timeouts.sendTimeoutMs,
      responseTimeoutMs: this.timeouts.responseTimeoutMs,
      signal: this.options.signal,
    };
    // A Ping stands in for a Fragment when a connection must be authenticated first (§3.1, §10.6).
    const authProbe = body
      ? { method: BITS_METHOD, url: target, headers: this.pingHeaders(target), ...timing, idempotent: true }
      : undefined;
    const response = await this.transport
      .request({
        method: BITS_METHOD,
        url: target,
        headers,
        body,
        ...timing,
        onBodyProgress: onBodySent
          ? (sent: number) => {
              onBodySent(sent);
              this.options.onBodyProgress?.(sent);
            }
          : this.options.onBodyProgress,
        throttle: this.options.throttle,
        idempotent,
        authProbe,
      })
      .catch(async (error: unknown) => {
        if (
          body &&
          !(error instanceof TransportError) &&
          !isAbortError(error) &&
          !this.options.signal?.aborted
        ) {
          // Reading the file failed mid-fragment: say so (and why), not "connection closed".
          await this.checkFile();
          throw localFileError(error, this.options.file.path);
        }
        throw toBitsError(error, type === 'Close-Session' ? 'close' : 'upload', request);
      });
    return { response, request };
  }

  private pingHeaders(target: URL): Array<[string, string]> {
    return [...packetHeaders('Ping', this.state.sessionId), ...this.policy.headersFor(target)];
  }

  /** A non-success answer: session loss restarts, anything else becomes a classified error. */
  private async reject(response: HttpResponse, request: string, phase: ErrorPhase): Promise<never> {
    const excerpt = await readExcerpt(response);
    if (ackErrorCode(response.headers) === HRESULT.BG_E_SESSION_NOT_FOUND && this.state.sessionId) {
      throw new SessionLost();
    }
    throw errorFromStatus({
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
      authAttempts: response.authAttempts,
      phase,
      evidence: responseEvidence(request, response, excerpt || undefined),
    });
  }

  private async hostSucceeded(): Promise<void> {
    if (resetHostFallback(this.state)) await this.checkpoint();
  }

  private async checkpoint(): Promise<void> {
    await this.options.onCheckpoint?.(structuredClone(this.state));
  }

  private async createSession(): Promise<void> {
    const { response, request } = await this.send('Create-Session', this.target());
    if (response.status !== 200 && response.status !== 201) await this.reject(response, request, 'upload');
    await expectAck(response, request, 'upload');
    const sessionId = response.headers.get('BITS-Session-Id');
    if (!sessionId) {
      throw protocolError(
        'The server created a session but sent no session id.',
        'upload',
        responseEvidence(request, response),
      );
    }
    const protocol = response.headers.get('BITS-Protocol')?.trim().toLowerCase();
    if (protocol !== undefined && protocol !== UPLOAD_PROTOCOL_GUID) {
      throw new BitsError(`The server picked an upload protocol this client does not speak (${protocol}).`, {
        code: HRESULT.BG_E_CLIENT_SERVER_PROTOCOL_MISMATCH,
        classification: 'fatal',
        phase: 'upload',
        evidence: responseEvidence(request, response),
      });
    }
    this.state.sessionId = sessionId;
    const hostId = response.headers.get('BITS-Host-Id')?.trim();
    if (hostId) {
      this.policy.allowOrigin(hostIdUrl(this.destination, hostId));
      this.state.hostId = hostId;
      this.state.hostFallbackTimeoutSec = parseFallbackTimeout(
        response.headers.get('BITS-Host-Id-Fallback-Timeout'),
      );
      // Windows pings the farm node before sending data to it (§9.3).
      this.needPing = true;
    }
    this.options.onEvent?.({ type: 'session-created', sessionId, hostId });
    await this.checkpoint();
  }

  private async ping(): Promise<void> {
    const { response, request } = await this.send('Ping', this.target(), [], undefined, undefined, true);
    if (response.status < 200 || response.status > 299) await this.reject(response, request, 'upload');
    await expectAck(response, request, 'upload');
    this.needPing = false;
    await this.hostSucceeded();
  }

  private async sendFragments(): Promise<void> {
    const { state, options } = this;
    const total = state.fileSize;
    while (!state.uploadComplete) {
      if (options.signal?.aborted) throw options.signal.reason;
      await this.checkFile();
      const size = this.pacing.size(state);
      // The server has every byte but we have no final Ack (a lost one, or an upload-reply job
      // whose cursor reached the end on an earlier fragment): re-send the final fragment, which
      // makes the server repeat its cached final Ack with the reply URL (§6.5).
      const replayFinal = state.acked === total;
      const length = replayFinal ? Math.min(size, total) : Math.min(size, total - state.acked);
      const offset = replayFinal ? total - length : state.acked;
      const range = contentRange(offset, length, total);
      const extra: Array<[string, string]> = [['Content-Range', range]];
      const name = this.contentName;
      if (name) extra.push(['Content-Name', name]);
      const tally = () =>
        options.onFragmentSent?.({ sentEnd: state.sentEnd ?? 0, resentBytes: state.resentBytes ?? 0 });
      countResent(state, offset, length);
      tally();
      const body = watchResends(
        this.digest.track(
          options.file.body(offset, length, { size: state.fileSize, mtimeMs: state.fileMtimeMs }),
          offset,
          options.file,
        ),
        (bytes) => {
          addResent(state, bytes);
          tally();
        },
      );
      const sentAt = this.clock.now();
      const { response, request } = await this.send(
        'Fragment',
        this.target(),
        extra,
        body.body,
        range,
        // Safe to send twice: the server's cursor says what it kept (§6.2).
        true,
        body.onBodyProgress,
      );

      if (response.status === 413) {
        await response.discard();
        if (size <= MIN_FRAGMENT_SIZE) {
          throw errorFromStatus({
            status: 413,
            statusText: response.statusText,
            headers: response.headers,
            phase: 'upload',
            evidence: responseEvidence(request, response),
          });
        }
        state.fragmentSize = Math.max(MIN_FRAGMENT_SIZE, Math.floor(size / 2));
        options.onEvent?.({ type: 'fragment-size-reduced', from: size, to: state.fragmentSize });
        continue;
      }
      const success = response.status >= 200 && response.status <= 299;
      if (!success && response.status !== 416) await this.reject(response, request, 'upload');
      if (success) await expectAck(response, request, 'upload');
      else await response.discard();
      const cursor = receivedCursor(response, request, total);
      if (cursor === undefined) {
        throw protocolError(
          `The server acknowledged a fragment (HTTP ${response.status}) without saying how much it has (no BITS-Received-Content-Range).`,
          'upload',
          responseEvidence(request, response),
        );
      }
      await this.hostSucceeded();
      if (cursor !== offset + length) {
        options.onEvent?.({ type: 'cursor-moved', expected: offset + length, cursor });
      }
      this.pacing.answered(
        state,
        cursor,
        size,
        this.clock.now() - sentAt,
        responseEvidence(request, response),
      );
      state.acked = cursor;
      if (cursor === total) {
        // An answer to the final fragment, 200 or 416 (a server that answers duplicates with 416
        // says so when the final fragment is replayed, §6.2): the server has the whole file.
        const finalAnswer = offset + length === total;
        const replyUrl = finalAnswer
          ? response.headers.get('BITS-Reply-URL')?.trim() || undefined
          : undefined;
        if (options.kind === 'upload-reply' && !replyUrl && finalAnswer) {
          throw protocolError(
            success
              ? 'The server finished the upload but sent no reply URL, although this is an upload-reply job.'
              : `The server already has the whole file, but answered the repeated final fragment with HTTP ${response.status} and no reply URL, so the reply cannot be fetched.`,
            'upload',
            responseEvidence(request, response),
          );
        }
        // A cursor at the end in answer to an earlier fragment: the next pass replays the final
        // one, whose answer carries the reply URL (§6.5).
        if (options.kind === 'upload' || replyUrl) {
          state.replyUrl = replyUrl;
          state.sha256 ??= await this.digest.finish(options.file);
          state.uploadComplete = true;
          options.onEvent?.({ type: 'upload-complete', replyUrl });
        }
      }
      await this.checkpoint();
      options.onProgress?.({ phase: 'upload', acked: state.acked, total });
    }
  }

  private async checkFile(): Promise<void> {
    const identity = await this.options.file.identify().catch((error: unknown) => {
      throw localFileError(error, this.options.file.path);
    });
    verifyUnchanged(this.state, identity, this.options.file.path);
  }

  private async fetchReply(): Promise<number> {
    const { state, options } = this;
    const url = resolveReplyUrl(state.replyUrl ?? '', this.destination);
    const result = await downloadReply({
      url,
      destination: options.replyPath!,
      owner: options.replyFile?.owner,
      overwrite: options.replyFile?.overwrite || state.ownReplySaved,
      transport: this.transport,
      policy: this.policy,
      clock: this.clock,
      signal: options.signal,
      limits: { ...DEFAULT_REPLY_LIMITS, ...options.replyLimits },
      timeouts: this.timeouts,
      onProgress: (received, replyTotal) =>
        options.onProgress?.({
          phase: 'reply',
          acked: state.acked,
          total: state.fileSize,
          replyBytes: received,
          replyTotal,
        }),
    });
    state.replyDone = true;
    state.ownReplySaved = true;
    options.onEvent?.({ type: 'reply-saved', path: result.path, bytes: result.bytes });
    await this.checkpoint();
    return result.bytes;
  }

  private async closeSession(): Promise<void> {
    const { state } = this;
    const resend = state.closeSent;
    if (!resend) {
      state.closeSent = true;
      await this.checkpoint();
    }
    const digestHeader: Array<[string, string]> = state.sha256
      ? [['Repr-Digest', reprDigest(state.sha256)]]
      : [];
    const { response, request } = await this.send('Close-Session', this.target(), digestHeader);
    if (state.sha256 && ackErrorCode(response.headers) === ERROR_CRC) {
      throw digestMismatch(state.sha256, responseEvidence(request, response));
    }
    if (response.status >= 200 && response.status <= 299) {
      await response.discard();
      await this.hostSucceeded();
      this.options.onEvent?.({ type: 'closed' });
      return;
    }
    // A re-sent Close whose first answer was lost: the first one worked (§10.3).
    if (resend && ackErrorCode(response.headers) === HRESULT.BG_E_SESSION_NOT_FOUND) {
      await response.discard();
      this.options.onEvent?.({ type: 'closed' });
      return;
    }
    await this.reject(response, request, 'close');
  }
}
