import { readFile } from 'node:fs/promises';
import { CoreError } from '../../shared/contract/core-api.js';
import type { CheckResult } from '../../shared/contract/host-api.js';
import { type CheckReport, checkEndpoint } from '../bits/check-endpoint.js';
import { DestinationError } from '../bits/destination.js';
import type { HttpTransport } from '../bits/http/transport.js';

export interface CheckDestinationRequest {
  url: string;
  headers: Array<[string, string]>;
  credentials?: { user: string; password: string };
  caFile?: string;
}

/** destinations:check: the CLI's preflight (Ping, Create-Session, Cancel-Session) as plain data. */
export async function checkDestination(
  request: CheckDestinationRequest,
  createTransport: (options: { ca?: string }) => HttpTransport,
): Promise<CheckResult> {
  const ca = request.caFile ? await readCa(request.caFile) : undefined;
  const transport = createTransport({ ca });
  try {
    return toCheckResult(
      await checkEndpoint({
        url: request.url,
        transport,
        auth: { headers: request.headers, credentials: request.credentials },
      }),
    );
  } catch (error) {
    if (error instanceof DestinationError) throw new CoreError('invalid-input', error.message);
    throw error;
  } finally {
    transport.close();
  }
}

/** The report without its raw evidence: requests and answers stay in the host's logs. */
export function toCheckResult(report: CheckReport): CheckResult {
  const result: CheckResult = {
    ok: report.ok,
    url: report.url,
    steps: report.steps.map((step) => ({ ...step })),
  };
  if (report.auth) result.auth = report.auth;
  if (report.problem) {
    const { kind, message, hint, httpStatus, code } = report.problem;
    result.problem = { kind, message, hint, httpStatus, code };
  }
  return result;
}

async function readCa(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new CoreError('invalid-input', `Cannot read the CA file ${path}: ${(error as Error).message}`);
  }
}
