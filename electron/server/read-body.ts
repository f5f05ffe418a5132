import type { IncomingMessage } from 'node:http';
import { CoreError } from '../../shared/contract/core-api.js';

/** The request body as JSON, at most `limit` bytes ('too-large' past it, 'invalid-input' if not JSON). */
export async function readJsonBody(request: IncomingMessage, limit: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new CoreError('too-large', `The request body is larger than ${limit} bytes.`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CoreError('invalid-input', `The request body is not valid JSON: ${(error as Error).message}`);
  }
}
