import { CoreError } from '../../shared/contract/core-api.js';
import { prepareReplyFolder } from './reply-folder.js';
import { isInside, type ReplyPathRules } from './reply-path.js';

/**
 * Validates a new reply folder setting before it is stored ('' = the data folder's replies/):
 * usable (see prepareReplyFolder, writability included), not inside the data folder's own files,
 * and not changeable at all under the 'replies-folder-only' policy. Returns the value to store.
 */
export async function checkReplyFolderSetting(folder: string, rules: ReplyPathRules): Promise<string> {
  if (rules.policy === 'replies-folder-only') {
    throw new CoreError(
      'invalid-input',
      'This host keeps reply files in its own replies folder; the reply folder cannot be changed here.',
      'Change it on the computer that runs the host, with the desktop app or its settings.',
    );
  }
  if (folder === '') return '';
  const prepared = await prepareReplyFolder(folder, { probe: true });
  const data = (await prepareReplyFolder(rules.dataDir)).real;
  const replies = (await prepareReplyFolder(rules.repliesDir)).real;
  if (isInside(prepared.real, data) && !isInside(prepared.real, replies)) {
    throw new CoreError(
      'invalid-input',
      `The reply folder cannot be inside the data folder ${rules.dataDir} (it holds the queue database).`,
      `Choose a folder outside it, or leave the setting empty to use ${rules.repliesDir}.`,
    );
  }
  return prepared.path;
}
