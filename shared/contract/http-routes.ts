/**
 * The routes of the headless host (`serve`), shared by it and the renderer's HTTP transport.
 * Every /api route needs `Authorization: Bearer <token>`; the WebSocket carries the token as a
 * subprotocol instead (browsers cannot set its headers).
 */

/** `POST /api/<channel>` with the channel's JSON request; 200 with its JSON response. */
export const channelRoute = (channel: string): string => `/api/${channel}`;

/**
 * `PUT /api/stage/<encodeURIComponent(file name)>?size=<bytes>` with the raw file as the body
 * (Content-Length must equal size): 200 `StagedFile` (`{ stagedPath, bytes }`), then jobs:add
 * with `filePath: stagedPath`. 413 over the host's cap, 507 without room, 400 on a short body.
 */
export const stageRoute = (fileName: string, size: number): string =>
  `/api/stage/${encodeURIComponent(fileName)}?size=${size}`;

/** `GET /api/replies/<jobId>/download`: the reply file as an attachment. */
export const replyDownloadRoute = (jobId: string): string =>
  `/api/replies/${encodeURIComponent(jobId)}/download`;

/** The event stream: a WebSocket; `since` is the last seq applied, `run` the hostRunId it came from. */
export const eventsRoute = (since?: number, hostRunId?: string): string => {
  const query = new URLSearchParams();
  if (since !== undefined) query.set('since', String(since));
  if (hostRunId !== undefined) query.set('run', hostRunId);
  const text = query.toString();
  return text ? `/api/events?${text}` : '/api/events';
};

/** Subprotocols a client offers: `[WS_PROTOCOL, WS_TOKEN_PREFIX + token]`; the host echoes WS_PROTOCOL. */
export const WS_PROTOCOL = 'bits-uploader';
export const WS_TOKEN_PREFIX = 'token.';
