import { runProcess } from './processes.js';

export const CURL = '/usr/bin/curl';

export interface CurlResult {
  /** curl's own %{time_total}: the whole request, in ms. */
  ms: number;
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
  const args = [
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
    '%{time_total} %{http_code} %{size_upload}',
    url,
  ];
  const result = await runProcess(CURL, args, { timeoutMs: 10 * 60_000 });
  const [time, code, uploaded] = result.stdout.trim().split(' ');
  const out = { ms: Number(time) * 1000, status: Number(code), uploaded: Number(uploaded) };
  if (result.code !== 0 || out.status !== 200 || out.uploaded !== size) {
    throw new Error(`curl failed (exit ${result.code}, HTTP ${code}, ${uploaded} bytes): ${result.stderr}`);
  }
  return out;
}
