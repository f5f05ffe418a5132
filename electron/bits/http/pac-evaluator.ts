import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createPacResolver } from 'pac-resolver';
import { QuickJS } from 'quickjs-wasi';
import { PacError } from './pac-script.js';

/** A PAC script that runs longer than this (an endless loop) is stopped and reported. */
export const PAC_CALL_LIMIT_MS = 10_000;
const PAC_MEMORY_LIMIT = 32 * 1024 * 1024;

export type FindProxyForUrl = (url: URL) => Promise<unknown>;

let wasmBytes: Promise<Buffer> | undefined;

/** The QuickJS binary (about 620 KB), read once per process; one VM per PAC file is made from it. */
function quickJsBinary(): Promise<Buffer> {
  wasmBytes ??= readFile(createRequire(import.meta.url).resolve('quickjs-wasi/quickjs.wasm'));
  return wasmBytes;
}

/**
 * Compiles a PAC script in its own QuickJS sandbox (pac-resolver's built-ins, no Node access),
 * bounded in memory and per-call time. One VM per script: a second script in the same VM would
 * see the first one's FindProxyForURL. Throws PacError naming the file when it does not compile.
 */
export async function compilePac(
  script: string,
  location: string,
  limitMs = PAC_CALL_LIMIT_MS,
): Promise<{ find: FindProxyForUrl; dispose(): void }> {
  let deadline = Number.POSITIVE_INFINITY;
  const vm = await QuickJS.create({
    wasm: await quickJsBinary(),
    memoryLimit: PAC_MEMORY_LIMIT,
    interruptHandler: () => Date.now() > deadline,
  });
  let resolver: ReturnType<typeof createPacResolver>;
  try {
    deadline = Date.now() + limitMs;
    resolver = createPacResolver(vm, script, { filename: location });
  } catch (error) {
    vm.dispose();
    throw new PacError(
      location,
      `The PAC file ${location} is not a valid script (${messageOf(error, limitMs)}).`,
      'broken',
      {
        cause: error,
      },
    );
  } finally {
    deadline = Number.POSITIVE_INFINITY;
  }
  return {
    async find(url) {
      deadline = Date.now() + limitMs;
      try {
        return await resolver(url);
      } catch (error) {
        throw new PacError(
          location,
          `The PAC file ${location} failed for ${url.host} (${messageOf(error, limitMs)}).`,
          'broken',
          {
            cause: error,
          },
        );
      } finally {
        deadline = Number.POSITIVE_INFINITY;
      }
    },
    dispose: () => vm.dispose(),
  };
}

function messageOf(error: unknown, limitMs: number): string {
  const text = error instanceof Error ? error.message : String(error);
  return /interrupted/i.test(text) ? `it ran longer than ${limitMs / 1000} s` : text;
}
