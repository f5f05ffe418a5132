import { escapeControl } from '../../../shared/display-text.js';
import { explainError } from '../../../shared/error-explain.js';
import type { Job, JobError } from '../../../shared/jobs.js';
import { Icon } from '../../components/icons.js';
import { RelativeTime } from '../../lib/format/relative-time-view.js';

/**
 * A job's error: plain words first (what went wrong, with its code; what happens next), then the
 * raw HTTP status, BITS code and context, then what to do (issue 7, "Errors in plain language").
 */
export function ErrorExplanation({ job, error }: { job: Job; error: JobError }) {
  const words = explainError(error);
  const transient = error.classification === 'transient';
  const evidence = error.evidence;
  return (
    <section
      className={`details-error details-error--${transient ? 'transient' : 'fatal'}`}
      aria-labelledby="details-error-title"
    >
      <h3 id="details-error-title" className="details-error__title">
        <Icon name={transient ? 'retry' : 'alert'} />
        {transient ? 'Problem, retrying' : 'Upload failed'}
      </h3>
      <p className="details-error__summary">{words.summary}</p>
      <p className="details-error__next">
        {words.next}
        {transient && job.state === 'transient-error' && job.nextRetryAt !== undefined && (
          <>
            {' '}
            Next try <RelativeTime at={job.nextRetryAt} />.
          </>
        )}
      </p>
      <dl className="details-error__raw">
        {error.httpStatus !== undefined && (
          <>
            <dt>HTTP status</dt>
            <dd className="num">{error.httpStatus}</dd>
          </>
        )}
        <dt>BITS code</dt>
        <dd>
          <code>{error.code}</code>
          {words.codeName && <span className="muted"> {words.codeName}</span>}
        </dd>
        <dt>Context</dt>
        <dd>
          <code>{error.context}</code> <span className="muted">{words.contextName}</span>
        </dd>
        <dt>Phase</dt>
        <dd>{error.phase}</dd>
        <dt>Message</dt>
        <dd>{escapeControl(error.message)}</dd>
        {evidence?.statusLine && (
          <>
            <dt>Status line</dt>
            <dd>
              <code>{escapeControl(evidence.statusLine)}</code>
            </dd>
          </>
        )}
        {evidence?.request && (
          <>
            <dt>Request</dt>
            <dd>
              <code>{escapeControl(evidence.request)}</code>
            </dd>
          </>
        )}
      </dl>
      {words.hint && (
        <p className="details-error__hint">
          <strong>What to do: </strong>
          {escapeControl(words.hint)}
        </p>
      )}
    </section>
  );
}
