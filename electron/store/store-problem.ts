/** Something unreadable found in the database; the store works around it and reports it here. */
export interface StoreProblem {
  table: 'jobs' | 'settings' | 'destinations';
  /** Job id, settings key or destination id. */
  key: string;
  /** The columns (jobs) or the key (settings) that failed validation. */
  fields: string[];
  /** What the store did about it; secrets-unreadable: the job waits for its password or headers again. */
  action: 'job-marked-error' | 'default-used' | 'secrets-unreadable';
  /** Why, in words, when the fields alone do not say it. */
  detail?: string;
}

export type StoreProblemHandler = (problem: StoreProblem) => void;
