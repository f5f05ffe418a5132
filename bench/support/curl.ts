import { type ProcessResult, runProcess } from './processes.js';

export const CURL = '/usr/bin/curl';

export interface CurlResult {
  /** curl's own %{time_total}: the whole request, in ms. */
  ms: number;
  /** CPU time (user + system) of the curl process, start-up included (bash's `times`). */
  cpuMs: number;
  status: number;
  uploaded: number;
}

/**
 * Sends the whole file as one BITS Fragment, streamed from disk with `-T` (curl 7.88 refuses
 * `--data-binary @file` for a 1 GiB file: it loads the whole file into memory and caps that at
 * 1 GiB). `-X BITS_POST` replaces the PUT that -T implies; `-H 'Expect:'` stops curl from
 * waiting for 100 Continue; `-H 'Content-Type:'` sends no content type.
 */
export async function curlFragment(
  url: string,
  sessionId: string,
  file: string,
  size: number,
): Promise<CurlResult> {
  const args = curlFragmentArgs(url, sessionId, file, size);
  const result = await runMeasured(CURL, args);
  const [time, code, uploaded] = result.stdout.trim().split('\n')[0]!.split(' ');
  const out = {
    ms: Number(time) * 1000,
    cpuMs: result.cpuMs,
    status: Number(code),
    uploaded: Number(uploaded),
  };
  if (result.code !== 0 || out.status !== 200 || out.uploaded !== size) {
    throw new Error(`curl failed (exit ${result.code}, HTTP ${code}, ${uploaded} bytes): ${result.stderr}`);
  }
  return out;
}

/** curl's arguments for one Fragment carrying the whole file (see curlFragment). */
export function curlFragmentArgs(url: string, sessionId: string, file: string, size: number): string[] {
  return [
    '-sS',
    '-X',
    'BITS_POST',
    '-H',
    'BITS-Packet-Type: Fragment',
    '-H',
    `BITS-Session-Id: ${sessionId}`,
    '-H',
    `Content-Range: bytes 0-${size - 1}/${size}`,
    '-H',
    'Content-Type:',
    '-H',
    'Expect:',
    '-T',
    file,
    '-o',
    '/dev/null',
    '-w',
    '%{time_total} %{http_code} %{size_upload}\n',
    url,
  ];
}

/** curl's start-up cost: one bodiless BITS Ping, CPU time of the whole process. */
export async function curlPingCpuMs(url: string): Promise<number> {
  const args = ['-sS', '-X', 'BITS_POST', '-H', 'BITS-Packet-Type: Ping', '-H', 'Content-Length: 0'];
  const result = await runMeasured(CURL, [...args, '-o', '/dev/null', url]);
  if (result.code !== 0) throw new Error(`curl Ping failed (exit ${result.code}): ${result.stderr}`);
  return result.cpuMs;
}

/** CPU time of `sha256sum <file>`: what hashing the file in a second pass costs a curl user. */
export async function sha256sumCpuMs(file: string): Promise<number> {
  const result = await runMeasured('sha256sum', [file]);
  if (result.code !== 0) throw new Error(`sha256sum failed (exit ${result.code}): ${result.stderr}`);
  return result.cpuMs;
}

/**
 * Runs a command under bash, whose `times` prints the CPU its children used (user, system): curl
 * reports no CPU figure of its own and Node cannot read a child's rusage.
 */
async function runMeasured(command: string, args: string[]): Promise<ProcessResult & { cpuMs: number }> {
  const script = '"$0" "$@"; status=$?; times; exit $status';
  const result = await runProcess('/bin/bash', ['-c', script, command, ...args], { timeoutMs: 10 * 60_000 });
  const children = result.stdout.trim().split('\n').at(-1) ?? '';
  const seconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map(([, m, s]) => Number(m) * 60 + Number(s));
  if (seconds.length !== 2) throw new Error(`no CPU times from bash: ${JSON.stringify(children)}`);
  return { ...result, cpuMs: (seconds[0]! + seconds[1]!) * 1000 };
}
