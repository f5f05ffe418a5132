import { stat } from 'node:fs/promises';
import type { Core } from '../../shared/contract/core-api.js';
import { CoreError } from '../../shared/contract/core-api.js';
import type { Capabilities, PickFilesResult } from '../../shared/contract/host-api.js';
import { createNodeTransport } from '../bits/http/node-transport.js';
import type { HostServices } from '../host/host-services.js';
import { openableReply, revealableFile } from './file-access-policy.js';

/** The few desktop calls the host needs (Electron's shell module). */
export interface DesktopShell {
  /** Resolves with '' on success, or an error message (Electron's contract). */
  openPath(path: string): Promise<string>;
  showItemInFolder(path: string): void;
}

/** Electron's dialog.showOpenDialog, bound to the window by main.ts. */
type ShowOpenDialogProperties = Array<'openFile' | 'openDirectory' | 'multiSelections'>;
export type ShowOpenDialog = (options: {
  title: string;
  buttonLabel: string;
  properties: ShowOpenDialogProperties;
}) => Promise<{ canceled: boolean; filePaths: string[] }>;

export const DESKTOP_CAPABILITIES: Capabilities = {
  canOpenFiles: true,
  canRevealFiles: true,
  canBrowseHostFiles: false,
  canStageUploads: false,
  canDownloadReplies: false,
  hasNativeFileDialog: true,
};

/**
 * HostServices of the desktop app. Whatever path a channel hands over, the file is checked
 * here again: only reply files the app wrote are opened, only those and jobs' own files shown.
 */
export function createDesktopHost(
  core: Core,
  shell: DesktopShell,
  version: string,
  showOpenDialog?: ShowOpenDialog,
): HostServices {
  return {
    kind: 'desktop',
    version,
    capabilities: DESKTOP_CAPABILITIES,
    maxStageBytes: 0,
    allowedFolders: [],
    async openPath(candidate) {
      const file = await openableReply(core, candidate);
      const problem = await shell.openPath(file);
      if (problem !== '') throw new CoreError('io', `Could not open ${file}: ${problem}`);
    },
    async revealPath(candidate) {
      shell.showItemInFolder(await revealableFile(core, candidate));
    },
    createTransport: ({ tls, proxy }) => createNodeTransport({ tls, proxy }),
    ...(showOpenDialog ? { pickFiles: (kind) => pickWithDialog(showOpenDialog, kind) } : {}),
  };
}

/** The open dialog's choice, each path said to be a file or a folder (macOS may mix them). */
export async function pickWithDialog(
  showOpenDialog: ShowOpenDialog,
  kind: 'files' | 'folders',
  platform: NodeJS.Platform = process.platform,
): Promise<PickFilesResult> {
  // macOS's panel picks files and folders at once; elsewhere asking for both shows folders only.
  const files: ShowOpenDialogProperties =
    platform === 'darwin'
      ? ['openFile', 'openDirectory', 'multiSelections']
      : ['openFile', 'multiSelections'];
  const answer = await showOpenDialog(
    kind === 'files'
      ? { title: 'Add files', buttonLabel: 'Add', properties: files }
      : { title: 'Add folders', buttonLabel: 'Add', properties: ['openDirectory', 'multiSelections'] },
  );
  if (answer.canceled) return { picked: [] };
  const picked = await Promise.all(
    answer.filePaths.map(async (path) => {
      const isFolder = await stat(path).then(
        (stats) => stats.isDirectory(),
        () => false,
      );
      return { path, kind: isFolder ? ('folder' as const) : ('file' as const) };
    }),
  );
  return { picked };
}
