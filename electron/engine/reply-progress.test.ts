import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../shared/contract/core-api.js';
import {
  HeaderBag,
  type HttpRequest,
  type HttpResponse,
  type HttpTransport,
} from '../bits/http/transport.js';
import { FakeClock } from '../bits/testing/fake-clock.js';
import { ScriptedTransport } from '../bits/testing/scripted-transport.js';
import { engineHarness } from './testing/engine-harness.js';

const GUID = '{7df0354d-249b-430f-820d-3d2a9bef4931}';
const REPLY = 1_000_000;
const CHUNK = 100_000;

/** BITS_POST goes to the script; the reply (HEAD/GET) is served at 100 kB per second of fake time. */
class ReplyAt100kBps implements HttpTransport {
  constructor(
    private readonly script: ScriptedTransport,
    private readonly clock: FakeClock,
  ) {}
  async request(request: HttpRequest): Promise<HttpResponse> {
    if (request.method !== 'HEAD' && request.method !== 'GET') return this.script.request(request);
    const clock = this.clock;
    const headers = new HeaderBag([
      ['Content-Length', String(REPLY)],
      ['Content-Type', 'application/octet-stream'],
    ]);
    return {
      status: 200,
      statusText: 'OK',
      httpVersion: '1.1',
      headers,
      async readBody() {
        return Buffer.alloc(0);
      },
      async *body() {
        if (request.method === 'HEAD') return;
        for (let at = 0; at < REPLY; at += CHUNK) {
          await clock.advance(1_000);
          yield Buffer.alloc(CHUNK, 7);
        }
      },
      async discard() {},
    };
  }
  resetConnection(): void {}
  close(): void {}
}

describe('progress while an upload-reply job downloads its reply', () => {
  it('reports the reply download speed and a time left, not the finished upload’s', async () => {
    const script = new ScriptedTransport();
    const clock = new FakeClock();
    const transport = new ReplyAt100kBps(script, clock);
    const h = await engineHarness({ clock, transportFor: () => transport });
    const path = join(h.dir, 'a');
    writeFileSync(path, Buffer.alloc(100, 1));
    const job = await h.add({ filePath: path, url: 'http://s/up/a', type: 'upload-reply' });
    (await script.next()).ack({ 'BITS-Protocol': GUID, 'BITS-Session-Id': '{S}' });
    (await script.next()).ack({ 'BITS-Received-Content-Range': '100', 'BITS-Reply-URL': '/up/reply.bin' });
    (await script.next()).ack(); // Close-Session, after the reply
    await h.waitFor(job.id, (j) => j.state === 'acknowledged');
    const reply = h.events.filter(
      (event): event is ProgressEvent =>
        event.type === 'progress' && event.jobId === job.id && event.phase === 'reply',
    );
    const midway = reply.find(
      (event) => (event.replyBytes ?? 0) >= REPLY / 2 && (event.replyBytes ?? 0) < REPLY,
    );
    expect(midway).toBeDefined();
    // Ten seconds of downloading at 100 kB/s: halfway through, the user sees "0 B/s", no time left.
    expect(midway!.speedBps).toBeGreaterThan(50_000);
    expect(midway!.etaSeconds).toBeGreaterThan(0);
  });
});
