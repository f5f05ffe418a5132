import { openSync, writeSync } from 'node:fs';
import { createCore } from '../../electron/core.js';
import { runStorm, seededRandom } from './storm.js';

/**
 * The process the kill-mid-storm test SIGKILLs: it opens a data folder, adds the jobs it is
 * given, and runs storms until it is killed. Every event is appended to the log synchronously
 * as it arrives (the engine announces a change only once it is committed), so the log is a
 * lower bound of what the database holds.
 *
 *   node storm-child.js <dataDir> <logPath> <seed> <config JSON>
 *   config: { keep: AddInput[], victims: AddInput[], newJobs: AddInput[] }
 */
type AddInput = { filePath: string; url: string };
const [dataDir, logPath, seedText, configText] = process.argv.slice(2);
const config = JSON.parse(configText!) as { keep: AddInput[]; victims: AddInput[]; newJobs: AddInput[] };
const log = openSync(logPath!, 'a');
const note = (entry: unknown) => writeSync(log, `${JSON.stringify(entry)}\n`);

const core = await createCore({ dataDir });
core.subscribe((event) => {
  if (event.type !== 'progress') note(event);
});
await core.commands.updateSettings({ bandwidthLimitBps: 8 * 1024 * 1024, maxConcurrentJobs: 3 });
const add = (input: AddInput) => core.commands.add({ ...input, fragmentSize: 128 * 1024 });
const keep = await Promise.all(config.keep.map(add));
const victims = await Promise.all(config.victims.map(add));
note({ type: 'storm-started', keep: keep.map((job) => job.id), victims: victims.map((job) => job.id) });
const random = seededRandom(Number(seedText));
const targets = {
  keep: keep.map((job) => job.id),
  victims: victims.map((job) => job.id),
  newJobs: config.newJobs,
};
for (let round = 0; ; round++) {
  const outcome = await runStorm(core, targets, { count: 100, wave: 50, random, pauseMs: 10 });
  if (outcome.unexpected.length > 0) {
    process.stderr.write(`${outcome.unexpected.join('\n')}\n`);
    process.exit(3);
  }
  note({ type: 'wave', round });
}
