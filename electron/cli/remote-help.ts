import { PASSWORD_ENV } from './local-checks.js';
import { DEFAULT_SERVE_PORT } from './remote-args.js';

export const SERVE_HELP = `Usage: bits-uploader serve [options]

Runs BITS Uploader without a desktop: the job engine, the same UI in a browser, and the API
(POST /api/<channel>, events on a WebSocket). It prints one line with the URL to open; the
URL carries the access token (#token=...), made on first run and kept in the data folder.
Scripts send it as "Authorization: Bearer <token>". Ctrl-C (or SIGTERM) stops it cleanly;
unfinished jobs resume at the next start.

Options:
  --port <n>             port to listen on (default ${DEFAULT_SERVE_PORT}; 0 picks a free one)
  --host <address>       address to listen on (default 127.0.0.1, this computer only)
  --allow-remote         needed for a --host other machines can reach (prints a warning)
  --tls-cert <file.pem>  serve HTTPS with this certificate...
  --tls-key <file.pem>   ...and this private key
  --allow-folder <dir>   browser clients may queue files only from these folders (repeatable;
                         files dropped in the browser are always allowed)
  --max-stage-size <n>   largest file a browser may drop (e.g. 500M, 20G; 0 turns drops off)
  --data-dir <dir>       data folder (else $BITS_UPLOADER_DATA_DIR, else the per-user folder)
  --open                 open the URL in the default browser
  --static-dir <dir>     serve the UI from this folder instead of the built one (development)

While it runs, "bits-uploader jobs ..." and "bits-uploader upload" on this computer go
through it (its control socket in the data folder).
`;

export const JOBS_HELP = `Usage: bits-uploader jobs <verb> [options]

Acts on the jobs of a data folder: through the running BITS Uploader (desktop or serve)
when there is one, else on the folder itself (added jobs then start with the next instance).

  jobs add <file>... --url <url> [options]   queue files; a URL ending in "/" is a folder and
                                             each file goes to <url><file name>, any other
                                             URL is that one file's URL
      --reply-dir <dir>      upload-reply jobs; each reply is saved in <dir> as <file>.reply
      --priority <p>         foreground, high, normal (default) or low
      --header "Name: value" send this header with every request (repeatable)
      --user name[:password] credentials for Negotiate, NTLM, Digest or Basic (asked for, or read from ${PASSWORD_ENV})
      --suspended            add them suspended
  jobs list [--state <s>]    the jobs (--state repeatable or comma-separated)
  jobs show <id>             one job with its timeline
  jobs suspend|resume|cancel|complete|retry|remove <id>... | --all
                             (remove --all removes the finished jobs)
  jobs wait <id>...          until each job finished; exit codes as for upload

Every verb takes --json (machine-readable output) and --data-dir <dir>.
`;

export const SETTINGS_HELP = `Usage: bits-uploader settings get | set <key>=<value>... [--json] [--data-dir <dir>]

  settings get                          every setting as key=value
  settings set maxConcurrentJobs=5      change settings (nested ones as retry.minDelayMs=10000)
`;
