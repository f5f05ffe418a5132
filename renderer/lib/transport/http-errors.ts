import { TransportError } from './transport-error.js';

/** The JSON body of an error answer, if it has one. */
export async function readErrorBody(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

/** An HTTP error answer as a TransportError: the host's `{ error }` when it sent one, else the status. */
export function httpError(status: number, body: unknown): TransportError {
  const wire = TransportError.fromWire((body as { error?: unknown } | undefined)?.error);
  if (status === 401) {
    return new TransportError(
      'unauthorized',
      wire?.message ?? 'The access token is missing or wrong.',
      'Open the link that “bits-uploader serve” printed (it ends in #token=…).',
    );
  }
  if (wire) return wire;
  return new TransportError('http', `The host answered HTTP ${status}.`);
}

/** The file name of a `Content-Disposition: attachment` answer (RFC 6266 `filename*` first). */
export function fileNameFromDisposition(header: string | null): string | undefined {
  if (!header) return undefined;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/i.exec(header);
  const name = (plain?.[1] ?? plain?.[2])?.trim();
  return name || undefined;
}
