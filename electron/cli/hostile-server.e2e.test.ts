import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type BitsServer, type FaultAction, startBitsServer } from '../../e2e/bits-server/index.js';

const CLI = join(import.meta.dirname, '../../dist/electron/cli/main.js');

/*
 * A hostile server: an ESC/BEL sequence in the reason phrase (sets the window title, clears the
 * screen, turns text red) and 8-bit C1 controls (CSI 0x9b, OSC 0x9d) in header values, which Node's
 * parser lets through as latin1. Raw ESC in a header value is refused by Node itself.
 */
const HOSTILE_REASON = 'Found \x1b]0;pwned\x07\x1b[2J\x1b[31m red';
const HOSTILE_LOCATION = 'http://127.0.0.1:9/elsewhere\x9b2J\x9d0;pwned\x9c';
const HOSTILE_AUTH = 'Negotiate\x9b2J\x9d0;pwned\x9c';

let root: string;
let server: BitsServer;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bits-cli-hostile-'));
  server = await startBitsServer({ root: join(root, 'server') });
  await writeFile(join(root, 'file.bin'), Buffer.alloc(50_000, 7));
});
afterEach(() => server.faults.clear());
afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

const redirect: FaultAction = {
  type: 'status',
  status: 302,
  reason: HOSTILE_REASON,
  headers: [['Location', HOSTILE_LOCATION]],
};

function run(command: string, args: string[]): Promise<{ code: number | null; out: Buffer; err: Buffer }> {
  const child = spawn(command, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, COLUMNS: '100' },
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  return new Promise((resolve) =>
    child.on('close', (code) => resolve({ code, out: Buffer.concat(out), err: Buffer.concat(err) })),
  );
}

const cli = (...args: string[]) => run(process.execPath, [CLI, ...args]);

/** Every control character in the output, except line feeds and what `allowed` accepts at that spot. */
function controlsIn(bytes: Buffer, allowed: (text: string, index: number) => number = () => 0): string[] {
  const text = bytes.toString('utf8');
  const found: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const skip = allowed(text, i);
    if (skip > 0) {
      i += skip - 1;
      continue;
    }
    const code = text.codePointAt(i)!;
    const control = code < 0x20 || (code >= 0x7f && code <= 0x9f);
    const bidi = (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
    if ((control && text[i] !== '\n') || bidi) found.push(`U+${code.toString(16).padStart(4, '0')} at ${i}`);
  }
  return found;
}

describe('output from a hostile server (real CLI, reference server)', () => {
  it('check shows the reason phrase and header values escaped, with no control byte', async () => {
    expect(existsSync(CLI), 'run `npm run build` first (npm test does)').toBe(true);
    server.faults.add({ match: { packet: 'Ping' }, action: redirect });
    const result = await cli('check', server.url('/up/probe.bin'));
    const out = result.out.toString('utf8');
    expect(result.code).toBe(1);
    expect(out).toContain('Server answered: HTTP/1.1 302 Found \\x1b]0;pwned\\x07\\x1b[2J\\x1b[31m red');
    expect(out).toContain('elsewhere\\x9b2J\\x9d0;pwned\\x9c');
    expect(controlsIn(result.out)).toEqual([]);
    expect(controlsIn(result.err)).toEqual([]);
  });

  it('check --json keeps the exact text for programs, written without raw control bytes', async () => {
    server.faults.add({ match: { packet: 'Ping' }, action: redirect });
    const result = await cli('check', server.url('/up/probe.bin'), '--json');
    expect(controlsIn(result.out)).toEqual([]);
    const report = JSON.parse(result.out.toString('utf8')) as {
      problem: { evidence: { statusLine: string } };
    };
    expect(report.problem.evidence.statusLine).toBe(`HTTP/1.1 302 ${HOSTILE_REASON}`);
  });

  it('upload reports the failure escaped (not a terminal)', async () => {
    server.faults.add({ match: { packet: 'Create-Session' }, action: redirect });
    const result = await cli(
      'upload',
      join(root, 'file.bin'),
      server.url('/up/plain.bin'),
      '--data-dir',
      join(root, 'data-plain'),
    );
    const err = result.err.toString('utf8');
    expect(result.code).toBe(1);
    expect(err).toContain('Upload failed:');
    expect(err).toContain('elsewhere\\x9b2J\\x9d0;pwned\\x9c');
    expect(controlsIn(result.err)).toEqual([]);
    expect(controlsIn(result.out)).toEqual([]);
  });

  it('upload on a terminal lets through only its own progress-line sequences', async () => {
    server.faults.add({
      match: { packet: 'Create-Session' },
      action: {
        type: 'status',
        status: 401,
        reason: HOSTILE_REASON,
        headers: [['WWW-Authenticate', HOSTILE_AUTH]],
      },
    });
    const command = [process.execPath, CLI, 'upload', join(root, 'file.bin'), server.url('/up/tty.bin')]
      .concat(['--data-dir', join(root, 'data-tty')])
      .map((word) => `'${word.replaceAll("'", "'\\''")}'`)
      .join(' ');
    // script(1) gives the CLI a real pseudo-terminal; its output is what the terminal would receive.
    const result = await run('script', ['-qfec', command, '/dev/null']);
    const screen = result.out.toString('utf8');
    // Only the scheme's name (a token) is quoted from the challenge, never what follows it.
    expect(screen).toContain('It asks for Negotiate.');
    expect(screen).not.toContain('pwned');
    expect(screen).toMatch(/\r\x1b\[K|\x1b\[K/);
    const own = (text: string, index: number) =>
      text.startsWith('\x1b[K', index) ? 3 : text[index] === '\r' ? 1 : 0;
    expect(controlsIn(result.out, own)).toEqual([]);
  });
});
