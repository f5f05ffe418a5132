import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { BRIDGE_GLOBAL } from '../../shared/contract/bridge.js';
import { CHANNELS } from '../../shared/contract/channels.js';
import { createBridge } from './create-bridge.js';

// Bundled into one CommonJS file (npm run build:preload): a sandboxed preload cannot load others.
contextBridge.exposeInMainWorld(
  BRIDGE_GLOBAL,
  createBridge({
    ipc: ipcRenderer,
    getPathForFile: (file) => webUtils.getPathForFile(file),
    channels: Object.keys(CHANNELS),
  }),
);
