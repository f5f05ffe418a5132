import { ACTIVE_STATES, FINAL_STATES, type JobState } from '../../shared/jobs.js';

/**
 * What can happen to a job, and the state it moves to (Windows BITS semantics, §10.2-10.3).
 * A pure function: the engine applies its result, tests check every pair.
 */
export type JobEventType =
  | 'start' // the scheduler gave the job a transfer slot
  | 'transferring' // the first bytes are moving
  | 'transient-failure'
  | 'fatal-failure'
  | 'transferred' // upload (and reply) done, session closed
  | 'complete' // the user (or auto-complete) acknowledged a transferred job
  | 'cancel'
  | 'suspend'
  | 'resume' // also "retry now"
  | 'retry-due' // the back-off delay of a transient error ran out
  | 'interrupted' // the app stopped while the job was running: it resumes at the next start
  | 'no-progress-timeout';

export type Transition = { ok: true; state: JobState } | { ok: false; reason: string };

const ACTIVE = ACTIVE_STATES;
const FINAL = FINAL_STATES;

function to(state: JobState): Transition {
  return { ok: true, state };
}

function refuse(state: JobState, event: JobEventType): Transition {
  return { ok: false, reason: `a job that is ${state} cannot ${describe(event)}` };
}

function describe(event: JobEventType): string {
  switch (event) {
    case 'complete':
      return 'be completed (only transferred jobs can)';
    case 'resume':
      return 'be resumed';
    case 'cancel':
      return 'be cancelled';
    case 'suspend':
      return 'be suspended';
    default:
      return `take the event ${event}`;
  }
}

export function transition(state: JobState, event: JobEventType): Transition {
  if (FINAL.has(state)) return refuse(state, event);
  switch (event) {
    case 'start':
      return state === 'queued' ? to('connecting') : refuse(state, event);
    case 'transferring':
      return ACTIVE.has(state) ? to('transferring') : refuse(state, event);
    case 'transient-failure':
      return ACTIVE.has(state) ? to('transient-error') : refuse(state, event);
    case 'fatal-failure':
      return ACTIVE.has(state) || state === 'queued' || state === 'transient-error'
        ? to('error')
        : refuse(state, event);
    case 'transferred':
      return ACTIVE.has(state) ? to('transferred') : refuse(state, event);
    case 'complete':
      return state === 'transferred' ? to('acknowledged') : refuse(state, event);
    case 'cancel':
      return to('cancelled');
    case 'suspend':
      // A held (transferred) job has nothing left to send: it stays held (§10.3's "stop transfers").
      return state === 'transferred' ? to('transferred') : to('suspended');
    case 'resume':
      // Resume of a running or queued job changes nothing; of a transferred one, neither (§10.3).
      if (state === 'suspended' || state === 'error' || state === 'transient-error') return to('queued');
      return to(state);
    case 'retry-due':
      return state === 'transient-error' ? to('queued') : refuse(state, event);
    case 'interrupted':
      return ACTIVE.has(state) ? to('queued') : refuse(state, event);
    case 'no-progress-timeout':
      return state === 'transient-error' ? to('error') : refuse(state, event);
  }
}

export function isFinal(state: JobState): boolean {
  return FINAL.has(state);
}

export function isActive(state: JobState): boolean {
  return ACTIVE.has(state);
}
