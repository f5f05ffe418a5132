/** A thin bar with its value for assistive tech; the label names what it measures. */
export function ProgressBar({ percent, label }: { percent: number; label: string }) {
  return (
    <div
      className="progress"
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
