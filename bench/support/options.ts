import { parseArgs } from 'node:util';

export interface BenchOptions {
  /** Fewer runs and smaller files, for development. */
  quick: boolean;
  /** The queue window's heap run lasts the full 10 minutes (also BENCH_LONG=1). */
  long: boolean;
  /** Section ids to run (substring match); empty runs all. */
  filters: string[];
  /** Overrides the number of interleaved rounds per comparison. */
  rounds?: number;
  help: boolean;
}

export const USAGE = `Usage: node dist/bench/run-all.js [--quick] [--long] [--rounds N] [section-filter ...]

  --quick       fewer rounds and smaller files (development)
  --long        the queue window's heap figure over the full 10 minutes of progress
                (default 3 minutes, quick 1; also BENCH_LONG=1)
  --rounds N    interleaved rounds per comparison (default 9, quick 2;
                memory uses at most 3, the queue section at most 5)
  filters       run only the sections whose id contains one of the words,
                e.g. "engine" or "queue fragment"`;

export function parseBenchArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): BenchOptions {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      long: { type: 'boolean', default: false },
      rounds: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  const rounds = values.rounds === undefined ? undefined : Number(values.rounds);
  if (rounds !== undefined && !(Number.isInteger(rounds) && rounds >= 1)) {
    throw new Error('--rounds needs a positive integer');
  }
  return {
    quick: values.quick === true,
    long: values.long === true || env.BENCH_LONG === '1',
    filters: positionals.map((p) => p.toLowerCase()),
    rounds,
    help: values.help === true,
  };
}
