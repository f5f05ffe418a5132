import { type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { formatSpeed } from '../../shared/format.js';
import { toTransportError } from '../lib/transport/transport-error.js';
import { useStores } from '../stores/app-stores.js';
import './bandwidth-popover.css';

const KIB = 1024;
const MIB = 1024 * 1024;
/** Presets people pick most: none, then the usual office and home uplinks. */
export const LIMIT_PRESETS = [0, 256 * KIB, MIB, 5 * MIB, 10 * MIB, 50 * MIB];

/**
 * The status bar's limit, and the small popover that changes it (settings:update): presets and a
 * custom value. Escape or a click elsewhere closes it; focus goes back to the button. The button
 * shows the limit in force (`inForce`, which a schedule rule may set); the popover edits the plain
 * limit (`limit`) that applies outside the schedule.
 */
export function BandwidthLimit({
  limit,
  inForce = { limitBps: limit, scheduled: false },
}: {
  limit: number;
  inForce?: { limitBps: number; scheduled: boolean };
}) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const text = `limit: ${inForce.limitBps > 0 ? formatSpeed(inForce.limitBps) : 'none'}${inForce.scheduled ? ' (schedule)' : ''}`;
  return (
    <span className="bandwidth">
      <button
        ref={button}
        type="button"
        className="ghost bandwidth__button"
        aria-label={`Change ${text}`}
        aria-haspopup="dialog"
        aria-expanded={open}
        title="Change the bandwidth limit"
        onClick={() => setOpen(!open)}
      >
        {text}
      </button>
      {open && (
        <LimitPopover
          limit={limit}
          onClose={() => {
            setOpen(false);
            button.current?.focus();
          }}
        />
      )}
    </span>
  );
}

function LimitPopover({ limit, onClose }: { limit: number; onClose(): void }) {
  const { transport, ui } = useStores();
  const box = useRef<HTMLDivElement>(null);
  const [custom, setCustom] = useState(limit > 0 ? String(Math.round((limit / KIB) * 10) / 10) : '');
  const [unit, setUnit] = useState<'KiB' | 'MiB'>('KiB');
  const [problem, setProblem] = useState<string>();

  useEffect(() => {
    // The limit in force, or the custom field when it is not a preset.
    (
      box.current?.querySelector<HTMLElement>('[aria-checked="true"]') ?? box.current?.querySelector('input')
    )?.focus();
    const away = (event: PointerEvent) => {
      if (!box.current?.contains(event.target as Node) && !(event.target as Element).closest?.('.bandwidth'))
        onClose();
    };
    document.addEventListener('pointerdown', away, true);
    return () => document.removeEventListener('pointerdown', away, true);
  }, [onClose]);

  const apply = async (bandwidthLimitBps: number) => {
    try {
      await transport.invoke('settings:update', { bandwidthLimitBps });
      onClose();
    } catch (error) {
      const failure = toTransportError(error, 'Changing the limit failed');
      ui.getState().notify(`Bandwidth limit: ${failure.message}`, failure.hint);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = Number(custom.replace(',', '.'));
    if (!Number.isFinite(value) || value <= 0) {
      setProblem('Enter a number above 0, or pick “No limit”.');
      return;
    }
    void apply(Math.round(value * (unit === 'MiB' ? MIB : KIB)));
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onClose();
    }
  };
  return (
    <div
      ref={box}
      className="bandwidth__popover"
      role="dialog"
      aria-label="Bandwidth limit"
      onKeyDown={onKeyDown}
    >
      <p className="bandwidth__title">Bandwidth limit for all uploads</p>
      <div className="bandwidth__presets" role="radiogroup" aria-label="Presets">
        {LIMIT_PRESETS.map((preset) => (
          // biome-ignore lint/a11y/useSemanticElements: a preset applies at once, like a menu choice
          <button
            key={preset}
            type="button"
            role="radio"
            aria-checked={preset === limit}
            className={preset === limit ? 'primary' : undefined}
            onClick={() => void apply(preset)}
          >
            {preset === 0 ? 'No limit' : formatSpeed(preset)}
          </button>
        ))}
      </div>
      <form className="bandwidth__custom" onSubmit={submit}>
        <label htmlFor="bandwidth-custom">Custom limit</label>
        <input
          id="bandwidth-custom"
          inputMode="decimal"
          value={custom}
          aria-invalid={problem !== undefined}
          aria-describedby={problem ? 'bandwidth-problem' : undefined}
          onChange={(event) => {
            setCustom(event.target.value);
            setProblem(undefined);
          }}
        />
        <select
          aria-label="Unit"
          value={unit}
          onChange={(event) => setUnit(event.target.value as 'KiB' | 'MiB')}
        >
          <option value="KiB">KiB/s</option>
          <option value="MiB">MiB/s</option>
        </select>
        <button type="submit">Set limit</button>
        {problem && (
          <p id="bandwidth-problem" className="bandwidth__problem" role="alert">
            {problem}
          </p>
        )}
      </form>
    </div>
  );
}
