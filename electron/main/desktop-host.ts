import type { Core } from '../../shared/contract/core-api.js';
import { CoreError } from '../../shared/contract/core-api.js';
import type { Capabilities } from '../../shared/contract/host-api.js';
import { createNodeTransport } from '../bits/http/node-transport.js';
import type { HostServices } from '../host/host-services.js';
import { openableReply, revealableFile } from './file-access-policy.js';

/** The few desktop calls the host needs (Electron's shell module). */
export interface DesktopShell {
  /** Resolves with '' on success, or an error message (Electron's contract). */
  openPath(path: string): Promise<string>;
  showItemInFolder(path: string): void;
}

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
export function createDesktopHost(core: Core, shell: DesktopShell, version: string): HostServices {
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
    createTransport: (tls) => createNodeTransport({ tls }),
  };
}
