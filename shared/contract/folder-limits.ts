/**
 * How far a folder listing goes (files:list-folder). Plain numbers without the schemas of
 * host-api.ts, which builds its own from them: the renderer's drop handling reads them too.
 */

/** A folder listing stops after this many files (jobs:add-many takes no more at once). */
export const LIST_FOLDER_MAX_FILES = 10_000;
/** ... and this many folders deep. */
export const LIST_FOLDER_MAX_DEPTH = 32;
