import { Worker } from 'node:worker_threads';

/**
 * The thread's whole program. Self-contained (no imports, no closures) because the thread is
 * started from this function's source text, which runs the same from dist/ and under the test
 * runner (a worker cannot load a .ts file). Messages are handled in order, so hashing follows
 * the order in which the main thread posted the bytes.
 */
function hashThreadMain(): void {
  const { parentPort } = require('node:worker_threads') as typeof import('node:worker_threads');
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  let hash = createHash('sha256');
  parentPort?.on('message', (message: ThreadRequest) => {
    if (message.type === 'update') {
      hash.update(message.data);
      parentPort.postMessage({ type: 'hashed' });
    } else if (message.type === 'digest') {
      parentPort.postMessage({ type: 'digest', hex: hash.copy().digest('hex') });
    } else {
      hash = createHash('sha256');
    }
  });
}

type ThreadRequest = { type: 'update'; data: Uint8Array } | { type: 'digest' } | { type: 'reset' };
type ThreadReply = { type: 'hashed' } | { type: 'digest'; hex: string };

interface Waiter {
  bytes: number;
  resolve(value: string | undefined): void;
  reject(error: Error): void;
}

let live = 0;

/** How many hash threads exist right now (tests check that none outlives its upload). */
export function liveHashThreads(): number {
  return live;
}

/**
 * SHA-256 in a worker thread, so hashing runs on another core instead of between socket writes.
 * Bytes in a SharedArrayBuffer are read by the thread in place (no copy): their owner must not
 * reuse the memory before update() resolves. Other bytes are copied into shared memory first.
 * The thread is unreferenced while idle, so it never keeps a process alive on its own.
 */
export class HashThread {
  private worker: Worker | undefined;
  /** Answers the thread owes, in the order it will send them. */
  private readonly waiting: Waiter[] = [];
  private pendingBytes = 0;
  private roomWaiters: Array<{ limit: number; resolve(): void }> = [];
  private failure: Error | undefined;

  /** Hashes `bytes` after everything posted before; resolves once the thread is done with them. */
  update(bytes: Uint8Array): { hashed: Promise<unknown>; inPlace: boolean } {
    const inPlace = bytes.buffer instanceof SharedArrayBuffer;
    const data = inPlace ? bytes : sharedCopy(bytes);
    return { hashed: this.ask({ type: 'update', data }, bytes.byteLength), inPlace };
  }

  /** The digest of everything posted so far (the hash goes on). */
  async digest(): Promise<string> {
    return (await this.ask({ type: 'digest' }, 0)) as string;
  }

  /** Starts a new hash (bytes posted before are still hashed, into the old one). */
  reset(): void {
    this.worker?.postMessage({ type: 'reset' } satisfies ThreadRequest);
  }

  /** Resolves once at most `limit` posted bytes are still waiting to be hashed. */
  room(limit: number): Promise<void> {
    if (this.pendingBytes <= limit || this.worker === undefined) return Promise.resolve();
    return new Promise((resolve) => this.roomWaiters.push({ limit, resolve }));
  }

  /** Ends the thread; what it still owed fails. The next call starts a new thread. */
  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.detach(worker, new Error('the hash thread was closed'));
    await worker.terminate();
  }

  private ask(request: ThreadRequest, bytes: number): Promise<string | undefined> {
    const worker = this.started();
    return new Promise<string | undefined>((resolve, reject) => {
      if (this.waiting.length === 0) worker.ref();
      this.waiting.push({ bytes, resolve, reject });
      this.pendingBytes += bytes;
      worker.postMessage(request);
    });
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    if (this.failure) throw this.failure;
    const worker = new Worker(`(${hashThreadMain.toString()})()`, { eval: true });
    live++;
    worker.unref();
    worker.on('message', (reply: ThreadReply) => this.answered(reply));
    worker.on('error', (error) => {
      this.failure = new Error(`the hash thread failed: ${error.message}`, { cause: error });
      this.detach(worker, this.failure);
    });
    worker.once('exit', () => {
      live--;
      this.detach(worker, new Error('the hash thread exited'));
    });
    this.worker = worker;
    return worker;
  }

  private answered(reply: ThreadReply): void {
    const waiter = this.waiting.shift();
    if (!waiter) return;
    this.pendingBytes -= waiter.bytes;
    if (this.waiting.length === 0) this.worker?.unref();
    waiter.resolve(reply.type === 'digest' ? reply.hex : undefined);
    if (this.roomWaiters.length > 0) {
      const ready = this.roomWaiters.filter((w) => this.pendingBytes <= w.limit);
      this.roomWaiters = this.roomWaiters.filter((w) => this.pendingBytes > w.limit);
      for (const w of ready) w.resolve();
    }
  }

  /** Forgets a thread that is gone or going: fails what it owed and frees whoever waits for room. */
  private detach(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    const owed = this.waiting.splice(0);
    this.pendingBytes = 0;
    for (const waiter of owed) waiter.reject(error);
    for (const w of this.roomWaiters.splice(0)) w.resolve();
  }
}

function sharedCopy(bytes: Uint8Array): Uint8Array {
  const copy = new Uint8Array(new SharedArrayBuffer(bytes.byteLength));
  copy.set(bytes);
  return copy;
}
