import { formatBytes, percentOf } from '../../shared/format.js';
import { useUi } from '../stores/app-stores.js';
import { ProgressBar } from './progress-bar.js';

/** Browser files on their way to the host; they become jobs once the host has them. */
export function StagingList() {
  const staging = useUi((state) => state.staging);
  const files = Object.values(staging);
  if (files.length === 0) return null;
  return (
    <section className="staging" aria-label="Sending to the host">
      {files.map((file) => (
        <div key={file.key} className="staging__row">
          <span className="staging__name" title={file.name}>
            Sending {file.name} to the host
          </span>
          <ProgressBar percent={percentOf(file.sent, file.total)} label={`${file.name} sent to the host`} />
          <span className="num">
            {formatBytes(file.sent)} of {formatBytes(file.total)}
          </span>
        </div>
      ))}
    </section>
  );
}
