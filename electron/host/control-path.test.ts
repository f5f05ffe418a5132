import { describe, expect, it } from 'vitest';
import { controlEndpointPath } from './control-path.js';

describe('controlEndpointPath: where a data folder’s instance listens', () => {
  it('is a socket inside the data folder on Unix', () => {
    expect(controlEndpointPath('/home/ann/.local/share/bits-uploader', 'linux')).toBe(
      '/home/ann/.local/share/bits-uploader/control.sock',
    );
  });

  it('moves to the temp folder, still one per data folder, when the path would be too long', () => {
    const long = `/home/ann/${'deep/'.repeat(30)}data`;
    const path = controlEndpointPath(long, 'linux', '/tmp');
    expect(path).toMatch(/^\/tmp\/bits-uploader-[0-9a-f]{24}\.sock$/);
    expect(controlEndpointPath(long, 'linux', '/tmp')).toBe(path);
    expect(controlEndpointPath(`${long}2`, 'linux', '/tmp')).not.toBe(path);
  });

  it('is a named pipe on Windows, the same for either spelling of the folder', () => {
    const pipe = controlEndpointPath('C:\\Users\\Ann\\AppData\\Roaming\\BITS Uploader', 'win32');
    expect(pipe).toMatch(/^\\\\\.\\pipe\\bits-uploader-[0-9a-f]{24}$/);
    expect(controlEndpointPath('c:\\users\\ann\\appdata\\roaming\\bits uploader', 'win32')).toBe(pipe);
  });
});
