import { useEffect, useRef, useState } from 'react';
import { diagnosticsText } from '../../../shared/diagnostics.js';
import type { Job, JobEvent } from '../../../shared/jobs.js';
import { copyText } from './clipboard.js';

type Outcome = { kind: 'idle' } | { kind: 'copied' } | { kind: 'manual'; text: string };

/**
 * "Copy diagnostics": the job's details and timeline as text, secrets redacted (shared/redact.ts),
 * on the clipboard; it says "Copied". Where no clipboard works, the text is shown to copy by hand.
 */
export function CopyDiagnostics({ job, events }: { job: Job; events: readonly JobEvent[] | undefined }) {
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const manual = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (outcome.kind !== 'copied') return;
    const timer = setTimeout(() => setOutcome({ kind: 'idle' }), 4000);
    return () => clearTimeout(timer);
  }, [outcome]);
  useEffect(() => {
    if (outcome.kind === 'manual') manual.current?.select();
  }, [outcome]);
  // A different job: whatever was said about the previous one no longer applies.
  useEffect(() => setOutcome({ kind: 'idle' }), [job.id]);

  const copy = async () => {
    const text = diagnosticsText(job, events ?? [], Date.now());
    setOutcome((await copyText(text)) ? { kind: 'copied' } : { kind: 'manual', text });
  };
  return (
    <div className="details-copy">
      <button type="button" onClick={() => void copy()}>
        Copy diagnostics
      </button>
      <span className="details-copy__status" role="status">
        {outcome.kind === 'copied' ? 'Copied' : ''}
      </span>
      {outcome.kind === 'manual' && (
        <label className="details-copy__manual">
          The clipboard is not available here: press Ctrl+C (⌘C) to copy the selected text.
          <textarea ref={manual} readOnly rows={6} value={outcome.text} />
        </label>
      )}
    </div>
  );
}
