import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import type { FieldStatus } from './use-settings-saver.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

interface SettingInputProps<T> {
  label: string;
  /** The host's value. */
  value: T;
  format(value: T): string;
  parse(text: string): Parsed<T>;
  /** Called with a changed, valid value when the user leaves the field or presses Enter. */
  onCommit(value: T): void;
  onInvalid(message: string): void;
  status: FieldStatus | undefined;
  hint?: ReactNode;
  unit?: string;
  inputMode?: 'numeric' | 'decimal' | 'text';
  width?: 'short' | 'wide';
  disabled?: boolean;
  placeholder?: string;
}

/**
 * A typed setting: a text box with its visible label, committed on blur or Enter, its error
 * beneath it. It shows the host's value again whenever that changes while the field is not
 * being edited (another window, the tray, the CLI).
 */
export function SettingInput<T>(props: SettingInputProps<T>) {
  const id = useId();
  const shown = props.format(props.value);
  const [draft, setDraft] = useState(shown);
  const editing = useRef(false);
  // A new value from the host replaces the text, unless the user is typing in it; leaving the
  // field does not, so a refused value stays there to be fixed.
  useEffect(() => {
    if (!editing.current) setDraft(shown);
  }, [shown]);
  const commit = () => {
    editing.current = false;
    const parsed = props.parse(draft);
    if (!parsed.ok) return props.onInvalid(parsed.message);
    const normal = props.format(parsed.value);
    setDraft(normal);
    if (normal !== shown || props.status?.state === 'error') props.onCommit(parsed.value);
  };
  const error = props.status?.state === 'error' ? props.status : undefined;
  return (
    <div className={`setting setting--input${props.width ? ` setting--${props.width}` : ''}`}>
      <label htmlFor={id}>{props.label}</label>
      <div className="setting__control">
        <input
          id={id}
          type="text"
          inputMode={props.inputMode}
          value={draft}
          disabled={props.disabled}
          placeholder={props.placeholder}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
          onFocus={() => {
            editing.current = true;
          }}
          onChange={(event) => setDraft(event.target.value)}
          onBlur={commit}
          onKeyDown={(event) => {
            if (event.key === 'Enter') commit();
            if (event.key === 'Escape') setDraft(shown);
          }}
        />
        {props.unit && <span className="setting__unit muted">{props.unit}</span>}
        <FieldState status={props.status} />
      </div>
      {error && (
        <p id={`${id}-error`} className="setting__error">
          {error.message}
          {error.hint ? ` ${error.hint}` : ''}
        </p>
      )}
      <p id={`${id}-hint`} className="setting__hint muted">
        {props.hint}
      </p>
    </div>
  );
}

/** "Saving…" / "Saved" beside a control (the view's status line announces them). */
export function FieldState({ status }: { status: FieldStatus | undefined }) {
  if (!status || status.state === 'error') return null;
  return (
    <span className={`setting__state setting__state--${status.state}`} aria-hidden="true">
      {status.state === 'saving' ? 'Saving…' : '✓ Saved'}
    </span>
  );
}

/** Whole numbers in a range, shown in `scale` units (1000: seconds for a value in ms). */
export function wholeNumber(min: number, max: number, scale = 1) {
  return {
    format: (value: number) => String(Math.round((value / scale) * 100) / 100),
    parse: (text: string): Parsed<number> => {
      const value = Number(text.trim().replace(',', '.'));
      if (text.trim() === '' || !Number.isFinite(value)) return { ok: false, message: 'Enter a number.' };
      const scaled = Math.round(value * scale);
      if (!Number.isInteger(value * scale) && scale === 1)
        return { ok: false, message: 'Enter a whole number.' };
      if (scaled < min || scaled > max) {
        return { ok: false, message: `Enter a number from ${min / scale} to ${max / scale}.` };
      }
      return { ok: true, value: scaled };
    },
  };
}
