import { HRESULT } from '../../../shared/bits-codes.js';
import type { Clock } from '../clock.js';
import { BitsError, type ErrorEvidence } from '../errors.js';
import type { HttpResponse, HttpTransport } from '../http/transport.js';
import { TransportError } from '../http/transport.js';
import type { OriginPolicy } from '../origin-policy.js';
import { checkIdentityEncoding, checkPartial, contentLengthOf } from './check-response.js';
import {
  adoptValidators,
  ifRangeValue,
  type Validators,
  validatorsDiffer,
  validatorsOf,
} from './http-values.js';
import { PartFile, type PartState } from './part-file.js';
import { receiveBody } from './receive-body.js';
import {
  keepsChangingError,
  missingSizeError,
  rangeSupportError,
  replyStatusError,
  responseEvidence,
  sizeLimitError,
  timeLimitError,
} from './reply-errors.js';
import { exchangeError, type ReplyRequestContext, release, sendReplyRequest } from './reply-request.js';

export interface ReplyLimits {
  maxBytes: number;
  maxTimeMs: number;
}

export const DEFAULT_REPLY_LIMITS: Readonly<ReplyLimits> = { maxBytes: 1024 ** 3, maxTimeMs: 30 * 60_000 };
export const DEFAULT_RANGE_SIZE = 8 * 1024 * 1024;
/** A reply that keeps changing under us is still being written; retry later rather than loop. */
export const MAX_RESTARTS = 3;

export interface ReplyDownloadOptions {
  url: URL;
  /** Final path chosen by the caller (never a server-chosen name). */
  destination: string;
  /** Whose download this is (the job id): the temp files carry it, so two jobs never share them. */
  owner?: string;
  /** Whether an existing file at the destination may be replaced (default: no). */
  overwrite?: boolean;
  transport: HttpTransport;
  policy: OriginPolicy;
  clock: Clock;
  signal?: AbortSignal;
  limits: ReplyLimits;
  timeouts: { sendTimeoutMs: number; responseTimeoutMs: number };
  /** Bytes per GET, default 8 MiB. */
  rangeSize?: number;
  onProgress?: (received: number, total: number | undefined) => void;
}

export interface ReplyResult {
  path: string;
  bytes: number;
}

/** The content changed on the server (validator, size or 416): start the file over. */
class ContentChanged extends Error {
  constructor(readonly evidence: ErrorEvidence) {
    super('The reply changed on the server.');
  }
}

/**
 * Downloads the reply file of an upload-reply job (§8.5, §11.2, §11.3 [REC]) with HEAD then ranged
 * GETs, streaming into a temp file beside the destination (part-file.ts) and renaming it over `destination` only when every
 * byte has arrived and been checked. An interrupted download resumes from the temp file next time.
 */
export async function downloadReply(options: ReplyDownloadOptions): Promise<ReplyResult> {
  const part = await PartFile.open(options.destination, {
    owner: options.owner,
    overwrite: options.overwrite,
  });
  const run = new ReplyDownload(options, part);
  try {
    return await run.run();
  } catch (error) {
    // Partial data is worth keeping for a resume, except where a retry must start over anyway.
    if (
      error instanceof BitsError &&
      (run.discardOnFailure || error.code === HRESULT.BG_E_INSUFFICIENT_RANGE_SUPPORT)
    ) {
      await part.discard();
    }
    throw error;
  } finally {
    await part.close();
  }
}

class ReplyDownload {
  private readonly ctx: ReplyRequestContext;
  private readonly started: number;
  private readonly rangeSize: number;
  private offset = 0;
  private total: number | undefined;
  private validators: Validators = {};
  /** Set when the failure is a size limit: nothing downloaded so far is useful. */
  discardOnFailure = false;

  constructor(
    private readonly options: ReplyDownloadOptions,
    private readonly part: PartFile,
  ) {
    this.ctx = {
      transport: options.transport,
      policy: options.policy,
      replyUrl: options.url,
      signal: options.signal,
      timeouts: options.timeouts,
    };
    this.started = options.clock.now();
    this.rangeSize = Math.max(1, Math.floor(options.rangeSize ?? DEFAULT_RANGE_SIZE));
  }

  async run(): Promise<ReplyResult> {
    let saved = await this.part.load();
    for (let restarts = 0; ; restarts++) {
      try {
        await this.probe(saved.state, saved.size);
        while (this.total === undefined || this.offset < this.total) await this.fetchNext();
        await this.part.commit();
        this.options.onProgress?.(this.offset, this.total);
        return { path: this.options.destination, bytes: this.offset };
      } catch (error) {
        if (!(error instanceof ContentChanged)) throw error;
        if (restarts + 1 > MAX_RESTARTS) throw keepsChangingError(restarts + 1, error.evidence);
        await this.part.reset();
        saved = { state: undefined, size: 0 };
      }
    }
  }

  /** Time limit and abort, checked before every request and between body chunks. */
  private checkpoint(evidence: ErrorEvidence): void {
    const { clock, limits, signal, url } = this.options;
    const elapsed = clock.now() - this.started;
    if (elapsed > limits.maxTimeMs) throw timeLimitError(elapsed, limits.maxTimeMs, evidence);
    if (signal?.aborted)
      throw exchangeError(new TransportError('aborted', 'aborted'), evidence.request ?? url.href);
  }

  private acceptTotal(total: number, evidence: ErrorEvidence): void {
    const { maxBytes } = this.options.limits;
    // 0 means no limit (the settings' documented meaning), not "refuse every reply".
    if (maxBytes > 0 && total > maxBytes) {
      this.discardOnFailure = true;
      throw sizeLimitError(total, this.options.limits.maxBytes, evidence);
    }
    this.total = total;
  }

  private async persist(): Promise<void> {
    const state: PartState = { url: this.options.url.href, ...this.validators };
    if (this.total !== undefined) state.total = this.total;
    await this.part.save(state);
  }

  /** HEAD: size and validators; decides whether the temp file from an earlier attempt can be resumed. */
  private async probe(saved: PartState | undefined, savedSize: number): Promise<void> {
    this.checkpoint({ request: `HEAD ${this.options.url.href}` });
    const { response, description } = await sendReplyRequest(this.ctx, 'HEAD', [
      ['Accept-Encoding', 'identity'],
    ]);
    const evidence = responseEvidence(description, response);
    await release('HEAD', response);
    let total: number | undefined;
    let seen: Validators = {};
    if (response.status === 200) {
      checkIdentityEncoding(description, response);
      total = contentLengthOf(description, response);
      seen = validatorsOf(response.headers);
    } else if (response.status !== 405 && response.status !== 501) {
      // 405/501: a server without HEAD; the ranged GET below still tells us the size (§11.2 makes HEAD optional).
      throw replyStatusError(description, response);
    }

    const resumable =
      saved !== undefined &&
      saved.url === this.options.url.href &&
      saved.total !== undefined &&
      savedSize <= saved.total &&
      (total === undefined || total === saved.total) &&
      ((saved.etag !== undefined && seen.etag !== undefined) ||
        (saved.lastModified !== undefined && seen.lastModified !== undefined)) &&
      !validatorsDiffer(saved, seen);

    this.offset = 0;
    this.total = undefined;
    this.validators = seen;
    if (resumable) {
      this.offset = savedSize;
      this.validators = adoptValidators(seen, saved);
      total ??= saved.total;
    } else if (savedSize > 0) {
      await this.part.reset();
    }
    if (total !== undefined) this.acceptTotal(total, evidence);
    await this.persist();
    this.options.onProgress?.(this.offset, this.total);
  }

  /** One GET for the next range, validated and streamed to disk. */
  private async fetchNext(): Promise<void> {
    const end = this.total === undefined ? undefined : Math.min(this.offset + this.rangeSize, this.total) - 1;
    const range = `bytes=${this.offset}-${end ?? ''}`;
    this.checkpoint({ request: `GET ${this.options.url.href} (${range})` });
    const headers: Array<[string, string]> = [
      ['Range', range],
      ['Accept-Encoding', 'identity'],
    ];
    const ifRange = ifRangeValue(this.validators);
    // With If-Range a changed file comes back whole (200) instead of as a mismatched piece (§11.3).
    if (ifRange !== undefined) headers.push(['If-Range', ifRange]);
    const { response, description } = await sendReplyRequest(this.ctx, 'GET', headers, range);
    const evidence = responseEvidence(description, response);

    const seen = validatorsOf(response.headers);
    if ((response.status === 200 || response.status === 206) && validatorsDiffer(this.validators, seen)) {
      await release('GET', response);
      throw new ContentChanged(evidence);
    }
    if (response.status === 416) {
      await release('GET', response);
      // `bytes */0` for a first request of unknown size: the reply is simply empty (a server
      // without a usable HEAD cannot say so any other way).
      if (
        this.offset === 0 &&
        this.total === undefined &&
        emptyEntity(response.headers.get('Content-Range'))
      ) {
        this.acceptTotal(0, evidence);
        return;
      }
      // Our offset is past the end: the file on the server got shorter since we started.
      throw new ContentChanged(evidence);
    }
    if (response.status !== 200 && response.status !== 206) {
      await release('GET', response);
      throw replyStatusError(description, response);
    }

    const totalBefore = this.total;
    let expected: number;
    try {
      checkIdentityEncoding(description, response);
      if (response.status === 206) {
        const checked = checkPartial(description, response, this.offset, end);
        if (this.total !== undefined && checked.total !== this.total) throw new ContentChanged(evidence);
        if (this.total === undefined) this.acceptTotal(checked.total, evidence);
        expected = checked.length;
      } else {
        expected = this.acceptWhole(description, response, evidence);
      }
    } catch (error) {
      await release('GET', response);
      throw error;
    }
    const before = this.validators;
    this.validators = adoptValidators(this.validators, seen);
    // The sidecar must describe the bytes before they land, or a resume could splice two versions.
    if (
      totalBefore !== this.total ||
      before.etag !== this.validators.etag ||
      before.lastModified !== this.validators.lastModified
    ) {
      await this.persist();
    }
    await receiveBody(response, {
      part: this.part,
      offset: this.offset,
      expected,
      description,
      evidence,
      checkpoint: () => this.checkpoint(evidence),
      onBytes: (count) => {
        this.offset += count;
        this.options.onProgress?.(this.offset, this.total);
      },
    });
  }

  /** A 200 to a range request is only usable as the complete file from byte 0. */
  private acceptWhole(description: string, response: HttpResponse, evidence: ErrorEvidence): number {
    if (this.offset > 0) throw rangeSupportError(this.offset, evidence);
    const length = contentLengthOf(description, response);
    if (length === undefined) {
      if (this.total === undefined) throw missingSizeError(evidence);
      return this.total;
    }
    if (this.total !== undefined && length !== this.total) throw new ContentChanged(evidence);
    if (this.total === undefined) this.acceptTotal(length, evidence);
    return length;
  }
}

/** A 416's `Content-Range: bytes *\/0`: the entity exists and is empty. */
function emptyEntity(contentRange: string | undefined): boolean {
  return /^\s*bytes\s+\*\/0\s*$/i.test(contentRange ?? '');
}
