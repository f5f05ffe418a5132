import { DetailsPane } from '../details/details-pane.js';
import { JobList } from './job-list.js';
import './queue-view.css';

/**
 * The Queue view: the list in the middle; the toolbar sits above it and the details pane of the
 * selected job beside it (ui.md layout), each in its own component.
 */
export function QueueView() {
  return (
    <div className="queue-view">
      <div className="queue-view__list">
        <JobList />
      </div>
      <DetailsPane />
    </div>
  );
}
