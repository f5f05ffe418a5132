import { useMemo } from 'react';
import { useJobs } from '../../stores/app-stores.js';
import { orderJobs } from '../../stores/jobs-store.js';
import { EmptyQueue } from './empty-queue.js';
import { JobRow } from './job-row.js';

const COLUMNS = [
  { key: 'name', label: 'Name' },
  { key: 'size', label: 'Size' },
  { key: 'progress', label: 'Progress' },
  { key: 'state', label: 'State' },
  { key: 'speed', label: 'Speed' },
  { key: 'eta', label: 'Time' },
  { key: 'actions', label: 'Actions' },
];

/** The queue as a grid: a row per job naming its file and state (issue 7 virtualizes it). */
export function JobList() {
  const byId = useJobs((state) => state.byId);
  const loaded = useJobs((state) => state.loaded);
  const jobs = useMemo(() => orderJobs(byId), [byId]);

  if (loaded && jobs.length === 0) return <EmptyQueue />;
  return (
    <table
      className="job-grid"
      // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a table of uploads with actions in each row is an ARIA grid (issue 7 adds arrow-key navigation)
      role="grid"
      aria-label="Uploads"
      aria-rowcount={jobs.length + 1}
      aria-busy={!loaded}
    >
      <colgroup>
        {COLUMNS.map((column) => (
          <col key={column.key} className={`col--${column.key}`} />
        ))}
      </colgroup>
      <thead>
        <tr className="job-row job-row--head" aria-rowindex={1}>
          {COLUMNS.map((column) => (
            <th key={column.key} scope="col" className={`cell cell--${column.key}`}>
              {column.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {loaded
          ? jobs.map((job, index) => <JobRow key={job.id} job={job} index={index} />)
          : [0, 1, 2].map((n) => (
              <tr key={n} className="job-row job-row--placeholder">
                <td className="cell" colSpan={COLUMNS.length}>
                  <span className="placeholder">
                    {n === 0 && <span className="visually-hidden">Loading…</span>}
                  </span>
                </td>
              </tr>
            ))}
      </tbody>
    </table>
  );
}
