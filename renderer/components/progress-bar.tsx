/** A thin bar with its value for assistive tech; the label names what it measures. */
export function ProgressBar({ percent, label, active }: { percent: number; label: string; active: boolean }) {
  return (
    <div
      className={`progress${active ? ' progress--active' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
    >
      <div className="progress__fill" style={{ transform: `scaleX(${percent / 100})` }} />
    </div>
  );
}
