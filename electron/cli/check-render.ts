import { escapeControl } from '../../shared/display-text.js';
import type { CheckProblemKind, CheckReport } from '../bits/check-endpoint.js';

const KIND_WORDS: Record<CheckProblemKind, string> = {
  unreachable: 'server unreachable',
  proxy: 'proxy',
  tls: 'secure connection failed',
  auth: 'authentication',
  'not-enabled': 'BITS uploads not enabled',
  'not-bits': 'not a BITS endpoint',
  forbidden: 'access denied',
  protocol: 'protocol error',
  other: 'error',
};

/** The text report of `bits-uploader check`: one line per packet, then the verdict. */
export function renderCheckReport(report: CheckReport): string {
  // Details, messages and evidence quote the server: each is escaped so it cannot act on the terminal.
  const lines = [`Checking ${escapeControl(report.url)}`];
  if (report.proxy && report.proxy !== 'direct') lines.push(`  Proxy: ${escapeControl(report.proxy)}`);
  if (report.auth) lines.push(`  Authentication: ${escapeControl(report.auth)}`);
  const width = Math.max(...report.steps.map((step) => step.packet.length), 0);
  for (const step of report.steps) {
    const mark = step.ok ? '✓' : '✗';
    const status = step.status === undefined ? '' : `HTTP ${step.status}  `;
    // The failing step's detail is the problem message, printed in full below.
    const detail = !step.ok && step.detail === report.problem?.message ? '' : step.detail;
    lines.push(`  ${mark} ${step.packet.padEnd(width)}  ${status}${escapeControl(detail)}`.trimEnd());
  }
  if (report.ok) {
    lines.push('OK: this URL accepts BITS uploads.');
    if (report.hostId)
      lines.push(`  The server is a farm: uploads continue on node ${escapeControl(report.hostId)}.`);
  }
  const problem = report.problem;
  if (problem) {
    lines.push(`Problem (${KIND_WORDS[problem.kind]}): ${escapeControl(problem.message)}`);
    if (problem.hint) lines.push(`  What to do: ${escapeControl(problem.hint)}`);
    const evidence = problem.evidence;
    if (evidence?.statusLine) lines.push(`  Server answered: ${escapeControl(evidence.statusLine)}`);
    else if (evidence?.detail) lines.push(`  Detail: ${escapeControl(evidence.detail)}`);
  }
  return `${lines.join('\n')}\n`;
}
