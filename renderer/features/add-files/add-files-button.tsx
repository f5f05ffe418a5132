import { useCallback, useEffect, useRef, useState } from 'react';
import { Icon } from '../../components/icons.js';
import { toTransportError } from '../../lib/transport/transport-error.js';
import { useHost, useStores } from '../../stores/app-stores.js';
import type { FileAdder } from './add-files.js';
import { HostBrowser } from './host-browser.js';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
export const ADD_SHORTCUT = isMac ? '⌘O' : 'Ctrl+O';

/**
 * "Add files" where the window runs: the system's open dialog on the desktop (and "Add folder"
 * beside it, since Linux and Windows cannot pick both at once), the host's file browser in
 * serve, or this computer's own files (staged on the host) when the host offers neither.
 * Ctrl/Cmd+O does the same as the button.
 */
export function AddFilesButton({ adder }: { adder: FileAdder }) {
  const { transport, ui } = useStores();
  const connected = useHost((state) => state.connection === 'connected');
  const capabilities = useHost((state) => state.appInfo?.capabilities);
  const [browsing, setBrowsing] = useState(false);
  const filePicker = useRef<HTMLInputElement>(null);
  const folderPicker = useRef<HTMLInputElement>(null);
  const native = capabilities?.hasNativeFileDialog === true;
  const canStage = capabilities?.canStageUploads === true;

  const pick = useCallback(
    async (kind: 'files' | 'folders') => {
      try {
        const { picked } = await transport.invoke('files:pick', { kind });
        await adder.addHostPaths(picked);
      } catch (error) {
        const problem = toTransportError(error, 'The open dialog failed');
        ui.getState().notify(problem.message, problem.hint);
      }
    },
    [adder, transport, ui],
  );

  const open = useCallback(() => {
    if (!connected) return;
    if (native) void pick('files');
    else if (capabilities?.canBrowseHostFiles) setBrowsing(true);
    else filePicker.current?.click();
  }, [connected, native, capabilities, pick]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.shiftKey || event.altKey) return;
      if (event.key.toLowerCase() !== 'o') return;
      // The browser's own "open file" would leave the app; a question on screen comes first.
      event.preventDefault();
      if (!ui.getState().confirming) open();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open, ui]);

  const fromComputer = (input: HTMLInputElement | null) => {
    setBrowsing(false);
    input?.click();
  };

  return (
    <div className="add-files">
      <button
        type="button"
        className="primary"
        disabled={!connected}
        onClick={open}
        title={`Add files (${ADD_SHORTCUT})`}
        aria-keyshortcuts={isMac ? 'Meta+O' : 'Control+O'}
      >
        <Icon name="plus" />
        Add files
      </button>
      {native && (
        <button type="button" disabled={!connected} onClick={() => void pick('folders')}>
          <Icon name="folder" />
          Add folder
        </button>
      )}
      {[filePicker, folderPicker].map((ref) => (
        <input
          key={ref === filePicker ? 'files' : 'folder'}
          ref={ref}
          type="file"
          multiple
          hidden
          aria-hidden="true"
          tabIndex={-1}
          data-testid={ref === filePicker ? 'browser-file-input' : 'browser-folder-input'}
          {...(ref === folderPicker ? { webkitdirectory: '' } : {})}
          onChange={(event) => {
            const files = [...(event.target.files ?? [])];
            event.target.value = '';
            void adder.addFiles(files);
          }}
        />
      ))}
      {browsing && (
        <HostBrowser
          onClose={() => setBrowsing(false)}
          onAdd={(picked) => {
            setBrowsing(false);
            void adder.addHostPaths(picked);
          }}
          {...(canStage
            ? {
                onUploadInstead: () => fromComputer(filePicker.current),
                onUploadFolderInstead: () => fromComputer(folderPicker.current),
              }
            : {})}
        />
      )}
    </div>
  );
}
