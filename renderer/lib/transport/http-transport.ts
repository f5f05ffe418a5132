import type { Channel, ChannelRequest, ChannelResponse } from '../../../shared/contract/channels.js';
import { StreamMessageSchema } from '../../../shared/contract/events.js';
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
import type { ConnectionListener, StreamListener, Transport } from './transport.js';
import { TransportError } from './transport-error.js';

export interface HttpTransportOptions {
  /** The host's origin, e.g. http://127.0.0.1:8080 (the page's own origin in the browser). */
  origin: string;
  token: string;
  /** Delay before reconnect attempt n (0-based); tests pass a fixed one. */
  reconnectDelay?: (attempt: number) => number;
  WebSocketImpl?: typeof WebSocket;
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
    socket.onmessage = (event) => {
      if (typeof event.data !== 'string') return;
      let parsed: ReturnType<typeof StreamMessageSchema.safeParse>;
      try {
        parsed = StreamMessageSchema.safeParse(JSON.parse(event.data));
      } catch {
        return;
      }
      // A message this build cannot read is skipped; the next resync repairs what it said.
      if (!parsed.success) return;
      if (parsed.data.kind === 'ready') this.attempt = 0;
      this.hub.deliver(parsed.data);
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
