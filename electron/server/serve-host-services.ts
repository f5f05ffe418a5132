import { createNodeTransport } from '../bits/http/node-transport.js';
import { unsupportedOnThisHost } from '../host/dispatch-host.js';
import type { HostServices } from '../host/host-services.js';

/** serve has no desktop: it cannot open or reveal files, it stages and downloads instead. */
export function serveHostServices(options: {
  version: string;
  allowedFolders: readonly string[];
  maxStageBytes: number;
}): HostServices {
  return {
    kind: 'serve',
    version: options.version,
    capabilities: {
      canOpenFiles: false,
      canRevealFiles: false,
      canBrowseHostFiles: true,
      canStageUploads: options.maxStageBytes > 0,
      canDownloadReplies: true,
      hasNativeFileDialog: false,
    },
    maxStageBytes: options.maxStageBytes,
    allowedFolders: options.allowedFolders,
    openPath: () => unsupportedOnThisHost('open files'),
    revealPath: () => unsupportedOnThisHost('show files in a file manager'),
    createTransport: ({ tls, proxy }) => createNodeTransport({ tls, proxy }),
  };
}
