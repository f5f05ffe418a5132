/** Something unreadable found in the database; the store works around it and reports it here. */
export interface StoreProblem {
  table: 'jobs' | 'settings' | 'destinations';
  /** Job id, settings key or destination id. */
  key: string;
  /** The columns (jobs) or the key (settings) that failed validation. */
  fields: string[];
  /** What the store did about it. */
  action: 'job-marked-error' | 'default-used';
}

export type StoreProblemHandler = (problem: StoreProblem) => void;
