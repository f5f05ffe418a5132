/** Exit codes of `bits-uploader`; scripts depend on them, so they never change meaning. */
export const EXIT = {
  ok: 0,
  /** The upload failed: the server or the protocol said no. */
  failed: 1,
  usage: 2,
  /** The local file is missing, unreadable, or changed during the upload (or the data folder is unusable). */
  localFile: 3,
  /** The upload succeeded, but the server's reply could not be fetched. */
  replyFailed: 4,
  /** Another running instance holds the data folder. */
  locked: 5,
  /** Ctrl-C or SIGTERM (128 + SIGINT, as shells report it). */
  interrupted: 130,
} as const;

/** The table printed by --help. */
export const EXIT_CODE_HELP = `Exit codes:
  0    success
  1    the upload failed (the server refused it or broke the protocol)
  2    usage error (unknown command or option, bad value)
  3    local problem: the file is missing, unreadable or changed during the upload,
       or the data folder cannot be used
  4    the upload succeeded, but the server's reply could not be fetched
  5    the data folder is in use by another running BITS Uploader
  130  interrupted (Ctrl-C); run the same command again to resume`;
