/**
 * The Electron IPC names between preload and main (main imports them from here: the preload
 * may import only shared/ and electron). Contract channels travel inside INVOKE_IPC.
 */
export const INVOKE_IPC = 'bits:invoke';
export const STREAM_OPEN_IPC = 'bits:stream-open';
export const STREAM_CLOSE_IPC = 'bits:stream-close';
export const STREAM_MESSAGE_IPC = 'bits:stream-message';
