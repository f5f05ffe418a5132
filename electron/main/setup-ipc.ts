import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent } from 'electron';
import { INVOKE_IPC, STREAM_CLOSE_IPC, STREAM_MESSAGE_IPC, STREAM_OPEN_IPC } from '../preload/ipc-names.js';
import { createInvokeHandler, type InvokeDeps } from './ipc-invoke.js';
import { type SenderInfo, senderProblem } from './ipc-sender.js';
import type { WindowStreams } from './window-streams.js';

export interface IpcDeps extends InvokeDeps {
  streams: WindowStreams;
}

/** Registers the app's three IPC names; each message's sender is checked before anything else. */
export function setupIpc(ipcMain: IpcMain, deps: IpcDeps): void {
  const invoke = createInvokeHandler(deps);
  ipcMain.handle(INVOKE_IPC, (event, channel, payload) => invoke(senderOf(event), channel, payload));
  const trusted = (event: IpcMainEvent) => {
    const problem = senderProblem(senderOf(event), deps.appOrigin, deps.isOwnWindow);
    if (problem !== undefined) deps.log?.(`Refused an event stream message: ${problem}.`);
    return problem === undefined;
  };
  ipcMain.on(STREAM_OPEN_IPC, (event, payload) => {
    if (!trusted(event)) return;
    const contents = event.sender;
    try {
      deps.streams.open(contents.id, payload, (id, message) => {
        if (!contents.isDestroyed()) contents.send(STREAM_MESSAGE_IPC, id, message);
      });
    } catch (error) {
      deps.log?.(`Refused an event stream: ${(error as Error).message}`);
    }
  });
  ipcMain.on(STREAM_CLOSE_IPC, (event, payload) => {
    if (!trusted(event)) return;
    try {
      deps.streams.close(event.sender.id, payload);
    } catch (error) {
      deps.log?.(`Ignored a malformed stream close: ${(error as Error).message}`);
    }
  });
}

function senderOf(event: IpcMainEvent | IpcMainInvokeEvent): SenderInfo {
  try {
    const frame = event.senderFrame;
    return {
      contentsId: event.sender.id,
      frameUrl: frame?.url,
      isMainFrame: frame !== null && frame.parent === null,
    };
  } catch {
    // A frame that navigated or was destroyed meanwhile throws on access.
    return { contentsId: event.sender.id, frameUrl: undefined, isMainFrame: false };
  }
}
