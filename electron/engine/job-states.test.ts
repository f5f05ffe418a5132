import { describe, expect, it } from 'vitest';
import { JOB_STATES, type JobState } from '../../shared/jobs.js';
import { type JobEventType, transition } from './job-states.js';

const EVENTS: JobEventType[] = [
  'start',
  'transferring',
  'transient-failure',
  'fatal-failure',
  'transferred',
  'complete',
  'cancel',
  'suspend',
  'resume',
  'retry-due',
  'interrupted',
  'no-progress-timeout',
];

/** The whole table (§10.2-10.3): every state × every event. `null` = refused. */
const EXPECTED: Record<JobState, Record<JobEventType, JobState | null>> = {
  queued: {
    start: 'connecting',
    transferring: null,
    'transient-failure': null,
    'fatal-failure': 'error',
    transferred: null,
    complete: null,
    cancel: 'cancelled',
    suspend: 'suspended',
    resume: 'queued',
    'retry-due': null,
    interrupted: null,
    'no-progress-timeout': null,
  },
  connecting: {
    start: null,
    transferring: 'transferring',
    'transient-failure': 'transient-error',
    'fatal-failure': 'error',
    transferred: 'transferred',
    complete: null,
    cancel: 'cancelled',
    suspend: 'suspended',
    resume: 'connecting',
    'retry-due': null,
    interrupted: 'queued',
    'no-progress-timeout': null,
  },
  transferring: {
    start: null,
    transferring: 'transferring',
    'transient-failure': 'transient-error',
    'fatal-failure': 'error',
    transferred: 'transferred',
    complete: null,
    cancel: 'cancelled',
    suspend: 'suspended',
    resume: 'transferring',
    'retry-due': null,
    interrupted: 'queued',
    'no-progress-timeout': null,
  },
  suspended: {
    start: null,
    transferring: null,
    'transient-failure': null,
    'fatal-failure': null,
    transferred: null,
    complete: null,
    cancel: 'cancelled',
    suspend: 'suspended',
    resume: 'queued',
    'retry-due': null,
    interrupted: null,
    'no-progress-timeout': null,
  },
  'transient-error': {
    start: null,
    transferring: null,
    'transient-failure': null,
    'fatal-failure': 'error',
    transferred: null,
    complete: null,
    cancel: 'cancelled',
    suspend: 'suspended',
    resume: 'queued',
    'retry-due': 'queued',
    interrupted: null,
    'no-progress-timeout': 'error',
  },
  error: {
    start: null,
    transferring: null,
    'transient-failure': null,
    'fatal-failure': null,
    transferred: null,
    complete: null,
    cancel: 'cancelled',
    suspend: 'suspended',
    resume: 'queued',
    'retry-due': null,
    interrupted: null,
    'no-progress-timeout': null,
  },
  transferred: {
    start: null,
    transferring: null,
    'transient-failure': null,
    'fatal-failure': null,
    transferred: null,
    complete: 'acknowledged',
    cancel: 'cancelled',
    // A held job stays held: suspending it must not make a later resume upload it again.
    suspend: 'transferred',
    resume: 'transferred',
    'retry-due': null,
    interrupted: null,
    'no-progress-timeout': null,
  },
  acknowledged: Object.fromEntries(EVENTS.map((event) => [event, null])) as Record<JobEventType, null>,
  cancelled: Object.fromEntries(EVENTS.map((event) => [event, null])) as Record<JobEventType, null>,
};

describe('job state transitions', () => {
  for (const state of JOB_STATES) {
    for (const event of EVENTS) {
      const expected = EXPECTED[state][event];
      it(`${state} + ${event} → ${expected ?? 'refused'}`, () => {
        const result = transition(state, event);
        if (expected === null) {
          expect(result.ok).toBe(false);
          if (!result.ok) expect(result.reason).toContain(state);
        } else {
          expect(result).toEqual({ ok: true, state: expected });
        }
      });
    }
  }
});
