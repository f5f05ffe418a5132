import { effectiveLimit, parseRate } from '../../../shared/bandwidth-schedule.js';
import { useHost } from '../../stores/app-stores.js';
import { AppearanceSection, DesktopSection, NotificationsSection } from './app-sections.js';
import { formatRate, rateText, ScheduleEditor } from './schedule-editor.js';
import { SettingInput, wholeNumber } from './setting-input.js';
import { fieldOf, type SectionProps, type SettingsSaver, useSettingsSaver } from './use-settings-saver.js';
import './settings-view.css';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const DAY = 24 * 60 * MINUTE;

/**
 * Settings, applied as they change (each field is saved when it is changed or left) and
 * following changes made elsewhere (settings-changed events update the host store).
 */
export function SettingsView() {
  const settings = useHost((state) => state.settings);
  const saver = useSettingsSaver();
  if (!settings) {
    return (
      <div className="settings-view" aria-busy="true">
        <p className="muted">Loading the settings…</p>
      </div>
    );
  }
  return (
    <div className="settings-view">
      <header className="settings-view__head">
        <h2>Settings</h2>
        <SaveStatus saver={saver} />
      </header>
      <TransfersSection settings={settings} saver={saver} />
      <RetriesSection settings={settings} saver={saver} />
      <RepliesSection settings={settings} saver={saver} />
      <NotificationsSection settings={settings} saver={saver} />
      <DesktopSection settings={settings} saver={saver} />
      <AppearanceSection settings={settings} saver={saver} />
    </div>
  );
}

/** One line for the whole view: what was just saved, or why it was not. */
function SaveStatus({ saver }: { saver: SettingsSaver }) {
  const last = saver.last;
  let text = 'Changes are saved as you make them.';
  if (last?.status.state === 'saving') text = `Saving ${last.label}…`;
  else if (last?.status.state === 'saved') text = `Saved: ${last.label}`;
  else if (last?.status.state === 'error') text = `Not saved: ${last.label}. ${last.status.message}`;
  return (
    <p
      className={`settings-view__status${last?.status.state === 'error' ? ' settings-view__status--error' : ''}`}
      role="status"
    >
      {text}
    </p>
  );
}

function TransfersSection({ settings, saver }: SectionProps) {
  const concurrent = fieldOf(saver, 'maxConcurrentJobs', 'Concurrent uploads');
  const perHost = fieldOf(saver, 'maxJobsPerHost', 'Uploads per server');
  const limit = fieldOf(saver, 'bandwidthLimitBps', 'Bandwidth limit');
  const schedule = fieldOf(saver, 'bandwidthSchedule', 'Bandwidth schedule');
  const now = effectiveLimit(settings, Date.now());
  return (
    <section className="settings-section" aria-labelledby="settings-transfers">
      <h3 id="settings-transfers">Transfers</h3>
      <div className="settings-row">
        <SettingInput
          {...concurrent}
          value={settings.maxConcurrentJobs}
          {...wholeNumber(1, 64)}
          inputMode="numeric"
          width="short"
          onCommit={(value) => concurrent.save({ maxConcurrentJobs: value })}
          hint="Uploads that run at the same time (1-64)."
        />
        <SettingInput
          {...perHost}
          value={settings.maxJobsPerHost}
          {...wholeNumber(1, 64)}
          inputMode="numeric"
          width="short"
          onCommit={(value) => perHost.save({ maxJobsPerHost: value })}
          hint="At most this many to one server at once."
        />
        <SettingInput
          {...limit}
          value={settings.bandwidthLimitBps}
          format={rateText}
          parse={(text) => {
            const parsed = parseRate(text);
            return parsed.ok ? { ok: true, value: parsed.bps } : parsed;
          }}
          onCommit={(value) => limit.save({ bandwidthLimitBps: value })}
          placeholder="none"
          hint={
            now.rule
              ? `For all uploads together, like 2 MB/s; “none” for no limit. Now: ${formatRate(now.limitBps)} (schedule).`
              : 'For all uploads together, like 2 MB/s; “none” for no limit.'
          }
        />
      </div>
      <ScheduleEditor
        rules={settings.bandwidthSchedule}
        status={schedule.status}
        onSave={(rules) => schedule.choose({ bandwidthSchedule: rules })}
        onInvalid={schedule.onInvalid}
      />
    </section>
  );
}

function RetriesSection({ settings, saver }: SectionProps) {
  const min = fieldOf(saver, 'retry.minDelayMs', 'Shortest wait before a retry');
  const max = fieldOf(saver, 'retry.maxDelayMs', 'Longest wait between retries');
  const giveUp = fieldOf(saver, 'retry.noProgressTimeoutMs', 'Give up after no progress for');
  return (
    <section className="settings-section" aria-labelledby="settings-retries">
      <h3 id="settings-retries">Retries</h3>
      <p className="settings-section__intro muted">
        New defaults for every upload: a dropped connection is retried at once, repeated failures wait longer
        and longer, up to the longest wait.
      </p>
      <div className="settings-row">
        <SettingInput
          {...min}
          value={settings.retry.minDelayMs}
          {...wholeNumber(0, 24 * 3600 * SECOND, SECOND)}
          unit="seconds"
          inputMode="decimal"
          width="short"
          onCommit={(value) => min.save({ retry: { minDelayMs: value } })}
          hint="0 retries a blip at once; Windows waits 5 or more."
        />
        <SettingInput
          {...max}
          value={settings.retry.maxDelayMs}
          {...wholeNumber(MINUTE / 60, 24 * 60 * MINUTE, MINUTE)}
          unit="minutes"
          inputMode="decimal"
          width="short"
          onCommit={(value) => max.save({ retry: { maxDelayMs: value } })}
          hint="The back-off stops growing here."
        />
        <SettingInput
          {...giveUp}
          value={settings.retry.noProgressTimeoutMs}
          {...wholeNumber(0, 365 * DAY, DAY)}
          unit="days"
          inputMode="decimal"
          width="short"
          onCommit={(value) => giveUp.save({ retry: { noProgressTimeoutMs: value } })}
          hint="0 never retries: the first network error fails the upload."
        />
      </div>
    </section>
  );
}

function RepliesSection({ settings, saver }: SectionProps) {
  const folder = fieldOf(saver, 'replyFolder', 'Reply folder');
  const dataDir = useHost((state) => state.appInfo?.dataDir);
  return (
    <section className="settings-section" aria-labelledby="settings-replies">
      <h3 id="settings-replies">Replies</h3>
      <SettingInput
        {...folder}
        value={settings.replyFolder}
        format={(value) => value}
        parse={(text) => ({ ok: true, value: text.trim() })}
        onCommit={(value) => folder.save({ replyFolder: value })}
        width="wide"
        placeholder={dataDir ? `${dataDir}/replies` : 'the data folder’s replies folder'}
        hint="Where upload-reply jobs save the server’s answers: an absolute folder path on the host. Empty: the data folder’s replies folder."
      />
    </section>
  );
}
