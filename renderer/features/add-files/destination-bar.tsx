import { useId, useRef, useState } from 'react';
import type { JobType } from '../../../shared/jobs.js';
import { Icon } from '../../components/icons.js';
import { useHost, useStores, useUi } from '../../stores/app-stores.js';
import type { FileAdder } from './add-files.js';

/** Where files go (URL and type), and the two ways to add them besides dropping: pick or type a host path. */
export function DestinationBar({ adder }: { adder: FileAdder }) {
  const { ui } = useStores();
  const url = useUi((state) => state.destinationUrl);
  const type = useUi((state) => state.jobType);
  const hostKind = useHost((state) => state.appInfo?.hostKind);
  const connected = useHost((state) => state.connection === 'connected');
  const picker = useRef<HTMLInputElement>(null);
  const [hostPath, setHostPath] = useState('');
  const ids = { url: useId(), path: useId(), hint: useId() };
  const setType = (value: JobType) => ui.getState().setDestination({ type: value });

  return (
    <section className="destination" aria-label="Destination">
      <div className="field field--url">
        <label htmlFor={ids.url}>Destination URL</label>
        <input
          id={ids.url}
          type="url"
          inputMode="url"
          spellCheck={false}
          autoComplete="url"
          placeholder="https://intake.example.com/bits/"
          aria-describedby={ids.hint}
          value={url}
          onChange={(event) => ui.getState().setDestination({ url: event.target.value })}
        />
        <span id={ids.hint} className="field__hint">
          A folder URL ends in “/”: each file goes to its own name in it.
        </span>
      </div>
      <fieldset className="field field--type">
        <legend>Type</legend>
        <label className="radio">
          <input
            type="radio"
            name="job-type"
            checked={type === 'upload'}
            onChange={() => setType('upload')}
          />
          Upload
        </label>
        <label className="radio">
          <input
            type="radio"
            name="job-type"
            checked={type === 'upload-reply'}
            onChange={() => setType('upload-reply')}
          />
          Upload-reply
        </label>
      </fieldset>
      <div className="field field--add">
        <button
          type="button"
          className="primary"
          disabled={!connected}
          onClick={() => picker.current?.click()}
        >
          <Icon name="plus" />
          Add files
        </button>
        <input
          ref={picker}
          type="file"
          multiple
          hidden
          aria-hidden="true"
          tabIndex={-1}
          onChange={(event) => {
            const files = [...(event.target.files ?? [])];
            event.target.value = '';
            void adder.addFiles(files);
          }}
        />
      </div>
      <form
        className="field field--path"
        onSubmit={(event) => {
          event.preventDefault();
          // Clear at once so the next path can be typed while this one is added; put it back if refused.
          const typed = hostPath;
          setHostPath('');
          void adder.addHostPath(typed).then((added) => {
            if (!added) setHostPath((current) => current || typed);
          });
        }}
      >
        <label htmlFor={ids.path}>{hostKind === 'serve' ? 'File path on the host' : 'File path'}</label>
        <div className="inline">
          <input
            id={ids.path}
            type="text"
            spellCheck={false}
            placeholder="/srv/outgoing/dump.dmp"
            value={hostPath}
            onChange={(event) => setHostPath(event.target.value)}
          />
          <button type="submit" disabled={!connected}>
            Add path
          </button>
        </div>
      </form>
    </section>
  );
}
