import { type KeyboardEvent, useEffect, useMemo } from 'react';
import { escapeControl } from '../../../shared/display-text.js';
import type { Job } from '../../../shared/jobs.js';
import { Icon } from '../../components/icons.js';
import { useLiveProgress } from '../../lib/format/use-live-progress.js';
import { useJobs, useSelection, useStores, useUi } from '../../stores/app-stores.js';
import { CopyDiagnostics } from './copy-diagnostics.js';
import { ErrorExplanation } from './error-explanation.js';
import { JobFacts } from './job-facts.js';
import { JobTimeline } from './job-timeline.js';
import { SelectionSummary } from './selection-summary.js';
import { useJobDetail } from './use-job-detail.js';
import './details-pane.css';

/**
 * The details of the selection beside the list (a drawer over it on a narrow window): the focused
 * job's facts, its error in plain words, Copy diagnostics and the timeline; for several jobs, a
 * summary above the focused one's. It opens when the user selects; Escape or Close shuts it until
 * the next selection (or Enter).
 */
export function DetailsPane() {
  const { ui } = useStores();
  const open = useUi((state) => state.detailsOpen);
  const selection = useSelection((state) => state.selection);
  const byId = useJobs((state) => state.byId);
  const selected = useMemo(
    () => [...selection.ids].map((id) => byId[id]).filter((job): job is Job => job !== undefined),
    [selection.ids, byId],
  );
  const focusId =
    selection.focus !== undefined && selection.ids.has(selection.focus) ? selection.focus : selected[0]?.id;
  // Selecting (a click, arrows, select all) brings the pane back: it follows the selection.
  useEffect(() => {
    if (selection.ids.size > 0) ui.getState().openDetails();
  }, [ui, selection]);

  if (!open || selected.length === 0) return null;
  const close = () => {
    ui.getState().closeDetails();
    (document.querySelector('[role="grid"]') as HTMLElement | null)?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    close();
  };
  const several = selected.length > 1;
  const job = byId[focusId ?? ''] ?? selected[0]!;
  const title = several ? `${selected.length} uploads selected` : escapeControl(job.fileName);
  return (
    <aside className="details-pane" aria-labelledby="details-title" onKeyDown={onKeyDown}>
      <header className="details-pane__head">
        <h2 id="details-title" className="details-pane__title" title={title}>
          {title}
        </h2>
        <button
          type="button"
          className="ghost details-pane__close"
          aria-label="Close details"
          title="Close details (Esc)"
          onClick={close}
        >
          <Icon name="x" />
        </button>
      </header>
      <div className="details-pane__body">
        {several && (
          <>
            <SelectionSummary jobs={selected} />
            <h3 className="details-pane__section details-pane__focused">
              Focused: {escapeControl(job.fileName)}
            </h3>
          </>
        )}
        <OneJob job={job} />
      </div>
    </aside>
  );
}

function OneJob({ job }: { job: Job }) {
  const live = useLiveProgress(job.id);
  const { detail, loading, problem } = useJobDetail(job, (live?.resending ?? 0) > 0);
  const events = detail?.job.id === job.id ? detail.events : undefined;
  const showError = job.error && (job.state === 'error' || job.state === 'transient-error');
  return (
    <>
      {showError && job.error && <ErrorExplanation job={job} error={job.error} />}
      <CopyDiagnostics job={job} events={events} />
      <h3 className="details-pane__section">Details</h3>
      <JobFacts
        job={job}
        events={events}
        acked={live?.bytesAcked ?? job.bytesAcked}
        resending={live?.resending ?? 0}
      />
      <h3 className="details-pane__section">Timeline</h3>
      {problem && (
        <p className="details-pane__problem" role="alert">
          {problem.message} {problem.hint}
        </p>
      )}
      <JobTimeline events={events} loading={loading} />
    </>
  );
}
