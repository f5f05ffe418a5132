import { isUtf8 } from 'node:buffer';
import { readdir } from 'node:fs/promises';
import { join, parse, resolve, sep } from 'node:path';

const REPLACEMENT = '\uFFFD';

/**
 * Why a path that does not exist may still name a real file: Node decodes the command line (and
 * every string path) as UTF-8, so a name that is not valid UTF-8 (possible on Linux) arrives with
 * U+FFFD in place of its bad bytes and opens nothing. For such a missing path, look in the folder
 * of the first part with U+FFFD for a name that is not valid UTF-8 and decodes to it, and say so
 * plainly. Undefined when that is not the case (the path is simply missing).
 */
export async function undecodableNameProblem(path: string): Promise<string | undefined> {
  if (!path.includes(REPLACEMENT)) return undefined;
  const full = resolve(path);
  const { root } = parse(full);
  let folder = root;
  for (const part of full.slice(root.length).split(sep)) {
    if (part.includes(REPLACEMENT)) {
      const entries = await readdir(folder, { encoding: 'buffer' }).catch(() => []);
      const found = entries.some((raw) => !isUtf8(raw) && raw.toString('utf8') === part);
      if (!found) return undefined;
      const shown = part.replaceAll(REPLACEMENT, '?');
      return `The name "${shown}" in the folder ${folder} is not valid UTF-8 (its bad bytes are shown as ?), and BITS Uploader can only open names that are. Rename it in that folder (for example with plain letters and digits) and try again.`;
    }
    folder = join(folder, part);
  }
  return undefined;
}
