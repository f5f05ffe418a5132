import type { CheckResult } from '../../../shared/contract/host-api.js';
import { Icon } from '../../components/icons.js';

export type CheckState =
  | { phase: 'checking'; url: string }
  | { phase: 'done'; result: CheckResult }
  | { phase: 'failed'; url: string; message: string; hint?: string };

/** What "Test" found, in plain words first: the verdict, what to do, then each packet's step. */
export function CheckResultPanel({ state, onClose }: { state: CheckState; onClose(): void }) {
  if (state.phase === 'checking') {
    return (
      <section className="check-result" aria-label="Destination test" aria-busy="true">
        <p role="status">Testing {state.url}…</p>
      </section>
    );
  }
  const ok = state.phase === 'done' && state.result.ok;
  const problem =
    state.phase === 'done' ? state.result.problem : { message: state.message, hint: state.hint };
  return (
    <section
      className={`check-result ${ok ? 'check-result--ok' : 'check-result--bad'}`}
      aria-label="Destination test"
    >
      <div className="check-result__head" role="status">
        <Icon name={ok ? 'check' : 'alert'} />
        <p>
          <strong>
            {ok
              ? 'This destination takes BITS uploads.'
              : `This destination cannot take uploads yet: ${problem?.message ?? 'the check failed.'}`}
          </strong>{' '}
          {!ok && problem?.hint}
        </p>
        <button type="button" className="ghost" onClick={onClose} aria-label="Close the test result">
          <Icon name="x" />
        </button>
      </div>
      {state.phase === 'done' && (
        <>
          <ol className="check-result__steps" aria-label="What each packet got">
            {state.result.steps.map((step, index) => (
              <li key={`${step.packet}-${index}`}>
                <span className={step.ok ? 'step-ok' : 'step-bad'}>{step.ok ? 'OK' : 'Failed'}</span>{' '}
                <strong>{step.packet}</strong>
                {step.status !== undefined && <span className="muted"> (HTTP {step.status})</span>}:{' '}
                {step.detail}
              </li>
            ))}
          </ol>
          <p className="check-result__meta muted">
            Tested {state.result.url}
            {state.result.proxy && ` · Route: ${state.result.proxy}`}
            {problem &&
              'httpStatus' in problem &&
              problem.httpStatus !== undefined &&
              ` · HTTP ${problem.httpStatus}`}
            {problem && 'code' in problem && problem.code && ` · BITS ${problem.code}`}
          </p>
        </>
      )}
    </section>
  );
}
