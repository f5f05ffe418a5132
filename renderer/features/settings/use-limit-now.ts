import { useEffect, useState } from 'react';
import { effectiveLimit, msUntilNextHour } from '../../../shared/bandwidth-schedule.js';
import { useHost } from '../../stores/app-stores.js';

/**
 * The bandwidth limit in force now (bytes per second, 0 = none; undefined before the settings
 * arrive) and whether the schedule set it; re-read at each top of the hour, as the engine does.
 */
export function useLimitNow(): { limitBps: number; scheduled: boolean } | undefined {
  const settings = useHost((state) => state.settings);
  const [, setTick] = useState(0);
  const hasSchedule = (settings?.bandwidthSchedule.length ?? 0) > 0;
  useEffect(() => {
    if (!hasSchedule) return;
    let timer: ReturnType<typeof setTimeout>;
    const arm = () => {
      timer = setTimeout(() => {
        setTick((n) => n + 1);
        arm();
      }, msUntilNextHour(Date.now()));
    };
    arm();
    return () => clearTimeout(timer);
  }, [hasSchedule]);
  if (!settings) return undefined;
  const { limitBps, rule } = effectiveLimit(settings, Date.now());
  return { limitBps, scheduled: rule !== undefined };
}
