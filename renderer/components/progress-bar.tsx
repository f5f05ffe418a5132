/**
 * A thin bar with its value for assistive tech; the label names what it measures. `sent`, when
 * above `percent`, is drawn lighter behind it: bytes on their way that the server has not yet
 * confirmed (they may go again), so the firm part never moves back for them.
 */
export function ProgressBar({ percent, sent, label }: { percent: number; sent?: number; label: string }) {
  const sending = sent !== undefined && sent > percent;
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={sending ? `${percent}% confirmed by the server, ${sent}% sent` : undefined}
    >
      {sending && <div className="progress__sent" style={{ transform: `scaleX(${sent / 100})` }} />}
      <div className="progress__fill" style={{ transform: `scaleX(${percent / 100})` }} />
    </div>
  );
}
