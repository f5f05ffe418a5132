import type { Channel, ChannelRequest, ChannelResponse } from '../../../shared/contract/channels.js';
import type { StagedFile } from '../../../shared/contract/host-api.js';
import {
  channelRoute,
  eventsRoute,
  replyDownloadRoute,
  stageRoute,
  WS_PROTOCOL,
  WS_TOKEN_PREFIX,
} from '../../../shared/contract/http-routes.js';
import { reconnectDelayMs } from './backoff.js';
import { fileNameFromDisposition, httpError, readErrorBody } from './http-errors.js';
import { StreamHub } from './listeners.js';
import type { ReadStreamMessage } from './stream-reader.js';
import type { ConnectionListener, StreamListener, Transport } from './transport.js';
import { TransportError } from './transport-error.js';

export interface HttpTransportOptions {
  /** The host's origin, e.g. http://127.0.0.1:8080 (the page's own origin in the browser). */
  origin: string;
  token: string;
  /** Delay before reconnect attempt n (0-based); tests pass a fixed one. */
  reconnectDelay?: (attempt: number) => number;
  WebSocketImpl?: typeof WebSocket;
  /** Fetches the stream's reader (its own chunk); tests pass one that fails. */
  loadStreamReader?: () => Promise<ReadStreamMessage>;
}

const loadStreamReader = () => import('./stream-reader.js').then((module) => module.readStreamMessage);

/** The longest the reader waits for the page to be idle (the first rows painted, in practice). */
const READER_IDLE_TIMEOUT_MS = 1000;

/** Runs `task` when the page is next idle (or after the timeout): after the first screen's work. */
function whenIdle(task: () => void): void {
  if (typeof requestIdleCallback === 'function')
    requestIdleCallback(task, { timeout: READER_IDLE_TIMEOUT_MS });
  else setTimeout(task, 0);
}

/** The `serve` host's HTTP API and WebSocket (app-conventions.md, "HTTP API of serve"). */
export class HttpTransport implements Transport {
  readonly kind = 'http';
  private readonly hub = new StreamHub();
  private socket: WebSocket | undefined;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  private readonly reconnectDelay: (attempt: number) => number;
  private readonly WebSocketImpl: typeof WebSocket;
  /** The stream's reader, once its module has loaded (see loadReader). */
  private read: ReadStreamMessage | undefined;
  private loadingReader: Promise<void> | undefined;
  /** Messages that arrived before the reader: read in order as soon as it is here. */
  private readonly unread: string[] = [];

  constructor(private readonly options: HttpTransportOptions) {
    this.reconnectDelay = options.reconnectDelay ?? ((attempt) => reconnectDelayMs(attempt));
    this.WebSocketImpl = options.WebSocketImpl ?? WebSocket;
  }

  get connection() {
    return this.hub.state;
  }

  get problem() {
    return this.hub.problem;
  }

  async invoke<C extends Channel>(channel: C, request: ChannelRequest<C>): Promise<ChannelResponse<C>> {
    const response = await this.request(channelRoute(channel), {
      method: 'POST',
      headers: { ...this.auth(), 'Content-Type': 'application/json' },
      body: JSON.stringify(request ?? {}),
    });
    if (!response.ok) throw httpError(response.status, await readErrorBody(response));
    return (await response.json()) as ChannelResponse<C>;
  }

  subscribe(listener: StreamListener): () => void {
    const remove = this.hub.addStream(listener);
    if (!this.socket && !this.timer && !this.closed) this.connect();
    return remove;
  }

  onConnectionChange(listener: ConnectionListener): () => void {
    return this.hub.addConnection(listener);
  }

  pathForFile(): string {
    return '';
  }

  stageFile(file: File, onProgress?: (sentBytes: number) => void): Promise<StagedFile> {
    // XMLHttpRequest because fetch reports no upload progress; the body streams from the File.
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('PUT', this.options.origin + stageRoute(file.name, file.size));
      xhr.setRequestHeader('Authorization', `Bearer ${this.options.token}`);
      xhr.responseType = 'text';
      xhr.upload.onprogress = (event) => onProgress?.(event.loaded);
      xhr.onload = () => {
        let body: unknown;
        try {
          body = JSON.parse(xhr.responseText);
        } catch {
          body = undefined;
        }
        if (xhr.status === 200) resolve(body as StagedFile);
        else reject(httpError(xhr.status, body));
      };
      xhr.onerror = () => reject(this.unreachable());
      xhr.send(file);
    });
  }

  async downloadReply(jobId: string): Promise<{ fileName: string; blob: Blob }> {
    const response = await this.request(replyDownloadRoute(jobId), { headers: this.auth() });
    if (!response.ok) throw httpError(response.status, await readErrorBody(response));
    const fileName = fileNameFromDisposition(response.headers.get('Content-Disposition')) ?? 'reply';
    return { fileName, blob: await response.blob() };
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.socket?.close(1000);
    this.socket = undefined;
    this.hub.setState('disconnected');
  }

  private auth(): Record<string, string> {
    return { Authorization: `Bearer ${this.options.token}` };
  }

  private async request(path: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(this.options.origin + path, init);
    } catch {
      throw this.unreachable();
    }
  }

  private unreachable(): TransportError {
    return new TransportError(
      'unreachable',
      `Cannot reach BITS Uploader at ${this.options.origin}.`,
      'Check that “bits-uploader serve” is still running; this page reconnects on its own.',
    );
  }

  private connect(): void {
    this.timer = undefined;
    const url = `${this.options.origin.replace(/^http/, 'ws')}${eventsRoute(this.hub.lastSeq, this.hub.hostRunId)}`;
    const socket = new this.WebSocketImpl(url, [WS_PROTOCOL, WS_TOKEN_PREFIX + this.options.token]);
    this.socket = socket;
    let opened = false;
    socket.onopen = () => {
      opened = true;
    };
    // A failed socket also closes: onclose does the work (reconnect, or find out why).
    socket.onerror = () => undefined;
    this.loadReader();
    socket.onmessage = (event) => {
      if (typeof event.data !== 'string') return;
      if (this.read) this.receive(this.read, event.data);
      else this.unread.push(event.data);
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      if (this.closed) return;
      this.hub.setState('reconnecting');
      if (!opened) void this.checkAccess();
      this.timer = setTimeout(() => this.connect(), this.reconnectDelay(this.attempt++));
    };
  }

  /**
   * The reader (and the zod schemas it checks with) comes in its own chunk, fetched once the page
   * is idle: building those schemas is a large part of the page's start-up work, and the first
   * rows (the jobs:list preview, sync.ts) need none of it. Messages wait in `unread` meanwhile.
   * If it cannot be fetched, the socket is closed: the reconnect tries again, and the replay
   * brings back what was not read.
   */
  private loadReader(): void {
    if (this.read || this.loadingReader) return;
    const load = this.options.loadStreamReader ?? loadStreamReader;
    this.loadingReader = new Promise<void>((resolve) => whenIdle(() => resolve()))
      .then(() => load())
      .then(
        (read) => {
          this.read = read;
          for (const data of this.unread.splice(0)) this.receive(read, data);
        },
        () => {
          this.loadingReader = undefined;
          this.unread.length = 0;
          this.socket?.close();
        },
      );
  }

  private receive(read: ReadStreamMessage, data: string): void {
    const message = read(data);
    if (!message) return;
    if (message.kind === 'ready') this.attempt = 0;
    this.hub.deliver(message);
  }

  /** A refused upgrade says nothing to a browser: ask the API why, and stop on a wrong token. */
  private async checkAccess(): Promise<void> {
    try {
      await this.invoke('app:info', {});
    } catch (error) {
      if (error instanceof TransportError && error.code === 'unauthorized') {
        this.closed = true;
        clearTimeout(this.timer);
        this.timer = undefined;
        this.hub.setState('disconnected', error);
      }
    }
  }
}
