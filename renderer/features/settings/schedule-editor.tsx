import { useEffect, useId, useState } from 'react';
import {
  type BandwidthRule,
  DAY_NAMES,
  describeRule,
  MAX_SCHEDULE_RULES,
  parseRate,
  WEEK_ORDER,
} from '../../../shared/bandwidth-schedule.js';
import { BandwidthRuleSchema } from '../../../shared/bandwidth-schedule-schema.js';
import { formatSpeed } from '../../../shared/format.js';
import { Icon } from '../../components/icons.js';
import { SettingInput } from './setting-input.js';
import type { FieldStatus } from './use-settings-saver.js';

const HOURS = Array.from({ length: 25 }, (_, hour) => hour);
const NEW_RULE: BandwidthRule = { days: [1, 2, 3, 4, 5], fromHour: 9, toHour: 17, limitBps: 1024 * 1024 };
const DAY_WORDS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export const formatRate = (bps: number) => (bps > 0 ? formatSpeed(bps) : 'none');
/** A rate as the text of an input: empty for none (its placeholder says so). */
export const rateText = (bps: number) => (bps > 0 ? formatSpeed(bps) : '');

interface ScheduleEditorProps {
  rules: readonly BandwidthRule[];
  status: FieldStatus | undefined;
  /** Saves the whole schedule (settings:update). */
  onSave(rules: BandwidthRule[]): void;
  onInvalid(message: string): void;
}

/**
 * The bandwidth schedule: a rule per line (days, from, until, limit), saved as soon as it is
 * valid; a rule the window can tell is wrong stays here with its reason until it is fixed.
 */
export function ScheduleEditor({ rules, status, onSave, onInvalid }: ScheduleEditorProps) {
  const [draft, setDraft] = useState<BandwidthRule[]>(() => [...rules]);
  const [broken, setBroken] = useState<number | undefined>();
  // The host's schedule wins unless a rule here is being fixed.
  useEffect(() => {
    if (broken === undefined) setDraft([...rules]);
  }, [rules, broken]);
  const change = (next: BandwidthRule[]) => {
    setDraft(next);
    const bad = next.findIndex((rule) => !BandwidthRuleSchema.safeParse(rule).success);
    if (bad !== -1) {
      setBroken(bad);
      const issue =
        BandwidthRuleSchema.safeParse(next[bad]).error?.issues[0]?.message ?? 'this rule is incomplete';
      onInvalid(`Rule ${bad + 1}: ${issue}.`);
      return;
    }
    setBroken(undefined);
    onSave(next);
  };
  const update = (index: number, patch: Partial<BandwidthRule>) =>
    change(draft.map((rule, at) => (at === index ? { ...rule, ...patch } : rule)));
  const error = status?.state === 'error' ? status : undefined;
  return (
    <fieldset className="schedule" aria-describedby={error ? 'schedule-error' : 'schedule-hint'}>
      <legend>Bandwidth schedule</legend>
      <p id="schedule-hint" className="setting__hint muted">
        Other limits for given hours, in this host’s local time. The first rule that covers the hour applies;
        outside every rule, the bandwidth limit above does.
      </p>
      {draft.length > 0 && (
        <ol className="schedule__rules">
          {draft.map((rule, index) => (
            <ScheduleRule
              key={index}
              index={index}
              rule={rule}
              status={index === broken ? status : undefined}
              onChange={(patch) => update(index, patch)}
              onInvalid={onInvalid}
              onRemove={() => change(draft.filter((_, at) => at !== index))}
            />
          ))}
        </ol>
      )}
      {error && (
        <p id="schedule-error" className="setting__error">
          {error.message}
          {error.hint ? ` ${error.hint}` : ''}
        </p>
      )}
      <button
        type="button"
        disabled={draft.length >= MAX_SCHEDULE_RULES}
        onClick={() => change([...draft, NEW_RULE])}
      >
        <Icon name="plus" />
        Add a schedule rule
      </button>
    </fieldset>
  );
}

interface RuleProps {
  index: number;
  rule: BandwidthRule;
  status: FieldStatus | undefined;
  onChange(patch: Partial<BandwidthRule>): void;
  onInvalid(message: string): void;
  onRemove(): void;
}

function ScheduleRule({ index, rule, onChange, onInvalid, onRemove }: RuleProps) {
  const id = useId();
  const n = index + 1;
  const valid = BandwidthRuleSchema.safeParse(rule).success;
  return (
    <li className="schedule__rule">
      <fieldset className="schedule__days">
        <legend>Rule {n} days</legend>
        {WEEK_ORDER.map((day) => (
          <label key={day} className="schedule__day" title={DAY_WORDS[day]}>
            <input
              type="checkbox"
              checked={rule.days.includes(day)}
              aria-label={`${DAY_WORDS[day]} (rule ${n})`}
              onChange={(event) =>
                onChange({
                  days: event.target.checked
                    ? [...rule.days, day].sort((a, b) => a - b)
                    : rule.days.filter((other) => other !== day),
                })
              }
            />
            <span aria-hidden="true">{DAY_NAMES[day]}</span>
          </label>
        ))}
      </fieldset>
      <div className="setting setting--hour">
        <label htmlFor={`${id}-from`}>From</label>
        <select
          id={`${id}-from`}
          value={rule.fromHour}
          onChange={(event) => onChange({ fromHour: Number(event.target.value) })}
        >
          {HOURS.slice(0, 24).map((hour) => (
            <option key={hour} value={hour}>
              {String(hour).padStart(2, '0')}:00
            </option>
          ))}
        </select>
      </div>
      <div className="setting setting--hour">
        <label htmlFor={`${id}-to`}>Until</label>
        <select
          id={`${id}-to`}
          value={rule.toHour}
          onChange={(event) => onChange({ toHour: Number(event.target.value) })}
        >
          {HOURS.slice(1).map((hour) => (
            <option key={hour} value={hour}>
              {String(hour).padStart(2, '0')}:00
            </option>
          ))}
        </select>
      </div>
      <SettingInput
        label={`Rule ${n} limit`}
        value={rule.limitBps}
        format={rateText}
        placeholder="none"
        parse={(text) => {
          const parsed = parseRate(text);
          return parsed.ok ? { ok: true, value: parsed.bps } : parsed;
        }}
        onCommit={(limitBps) => onChange({ limitBps })}
        onInvalid={(message) => onInvalid(`Rule ${n} limit: ${message}`)}
        status={undefined}
        hint={valid ? describeRule(rule) : 'Choose at least one day, and different hours for from and until.'}
      />
      <button
        type="button"
        className="ghost schedule__remove"
        onClick={onRemove}
        aria-label={`Remove rule ${n}`}
      >
        <Icon name="trash" />
        <span>Remove</span>
      </button>
    </li>
  );
}
