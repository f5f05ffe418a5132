import { ERROR_CONTEXT, HRESULT } from '../../shared/bits-codes.js';
import type { SessionState } from '../../shared/session-state.js';
import { BitsError } from './errors.js';
import type { FileIdentity } from './file-source.js';

/** The file changed since the session began: never upload a mix of two versions (§6.8). */
export function verifyUnchanged(state: SessionState, identity: FileIdentity, path: string): void {
  if (identity.size === state.fileSize && identity.mtimeMs === state.fileMtimeMs) return;
  const what =
    identity.size !== state.fileSize
      ? `its size changed from ${state.fileSize} to ${identity.size} bytes`
      : 'it was modified';
  throw new BitsError(`The file ${path} changed during the upload (${what}).`, {
    code: HRESULT.BG_E_LOCAL_FILE_CHANGED,
    context: ERROR_CONTEXT.LOCAL_FILE,
    classification: 'fatal',
    phase: 'local-file',
    hint: 'Uploading it further would send a mix of old and new content. Start a new upload of the file once it stops changing.',
  });
}

/** The local file could not be read at all. */
export function localFileError(error: unknown, path: string): BitsError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason =
    code === 'ENOENT'
      ? 'it no longer exists (moved or deleted)'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'it is a folder, not a file'
          : error instanceof Error
            ? error.message
            : String(error);
  return new BitsError(`Cannot read the file ${path}: ${reason}.`, {
    code: HRESULT.E_FAIL,
    context: ERROR_CONTEXT.LOCAL_FILE,
    classification: 'fatal',
    phase: 'local-file',
    hint: code === 'ENOENT' ? 'Put the file back where it was, or remove this upload.' : undefined,
    cause: error,
  });
}
