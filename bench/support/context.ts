import type { Fixtures } from './fixtures.js';
import type { SummaryRow } from './report.js';
import type { TempArea } from './temp.js';

/** What every section gets from run-all. */
export interface BenchContext {
  quick: boolean;
  /** Runs that take the full duration (the queue window's 10 minutes of progress). */
  long: boolean;
  /** Interleaved rounds per comparison. */
  rounds: number;
  temp: TempArea;
  fixtures: Fixtures;
  summary: SummaryRow[];
}

export interface BenchSection {
  /** Matched by the name filter on the command line. */
  id: string;
  title: string;
  run(ctx: BenchContext): Promise<void>;
}
