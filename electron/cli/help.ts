import { PRIORITIES } from '../../shared/jobs.js';
import type { CommandName } from './args.js';
import { EXIT_CODE_HELP } from './exit-codes.js';
import { CERT_PASSPHRASE_ENV, PASSWORD_ENV, PROXY_PASSWORD_ENV } from './local-checks.js';

const CONNECTION_HELP = `  --header "Name: value"   send this header with every request (repeatable)
  --user name[:password]   credentials, answered in the scheme the server asks for (Negotiate/
                           Kerberos, NTLMv2, Digest, Basic); DOMAIN\\user or user@domain for
                           a domain account. Without ":password" you are asked for it
                           (or it is read from ${PASSWORD_ENV}). A password on the command
                           line is visible to other users of this computer in the process list.
  --ca <file.pem>          also trust this CA certificate (a private or self-signed server)
  --proxy <url>            send through this HTTP proxy (http://[user:password@]host:port),
                           or "direct" for none; default: HTTPS_PROXY / HTTP_PROXY / NO_PROXY
  --proxy-user name[:password]  credentials for the proxy (Basic, or what it asks for); without ":password" you are
                           asked for it (or it is read from ${PROXY_PASSWORD_ENV})
  --proxy-pac <url|path>   let this PAC file choose the proxy (its list is tried in order)
  --cert <file.pem> --key <file.pem>  TLS client certificate and its key
  --pfx <file.p12>         TLS client certificate as PKCS#12; an encrypted key or PKCS#12
                           file asks for its passphrase (or reads ${CERT_PASSPHRASE_ENV})
  --pin sha256:AB:CD:...   accept the server only with this certificate (its SHA-256, hex
                           or base64; repeatable): a self-signed server is then accepted
  --json                   machine-readable output: one JSON object per line on stdout`;

const GENERAL = `bits-uploader: resumable uploads to IIS BITS (and compatible) servers

Usage:
  bits-uploader upload <file> <url> [options]   upload a file, resuming an interrupted run
  bits-uploader check <url> [options]           check that a URL accepts BITS uploads
  bits-uploader serve [options]                 run headless, with the UI in a browser
  bits-uploader jobs <verb> [options]           add, list, show, wait for, suspend, resume,
                                                cancel, complete, retry or remove jobs
  bits-uploader settings get | set <key>=<value>
  bits-uploader <command> --help                options of a command
  bits-uploader --version

${EXIT_CODE_HELP}
`;

const UPLOAD = `Usage: bits-uploader upload <file> <url> [options]

Uploads <file> to <url> (the name the file gets on the server, e.g.
https://server/uploads/report.pdf). The job is kept in the data folder: if the upload is
interrupted (Ctrl-C, network loss, reboot), run the same command again and it resumes from
what the server already has. Network errors are retried until the upload succeeds, unless
--give-up-after says otherwise.

If the reply could not be fetched because the server no longer has it (exit 4, HTTP 404
or 410), running the same command again uploads the file again for a new reply. Other reply
failures are retried from where they stopped.

Options:
  --reply <path>           upload-reply job: save the server application's reply to <path>
                           (one unfinished job per reply path; never inside the data folder)
  --overwrite              let the reply replace a file already at <path>; without it you
                           are asked on a terminal, and a script is refused (exit 2)
  --restart                drop the earlier unfinished job for this file and URL (the server
                           is told to discard its part) and upload again from the start
  --fragment-size <size>   bytes per request: 65536, 512K, 8M, 1G (default: automatic,
                           about two seconds of sending each, between 1 MiB and 24 MiB)
  --priority <level>       ${PRIORITIES.join(' | ')} (default normal)
  --give-up-after <time>   fail when retrying lasts this long without progress
                           (seconds, or 90s, 10m, 2h); default: keep retrying
  --data-dir <dir>         where jobs are kept (default: $BITS_UPLOADER_DATA_DIR, else the
                           per-user app data folder shared with the desktop app)
${CONNECTION_HELP}
  -h, --help               this help

On a terminal, progress is one updating line on stderr; otherwise plain log lines.

${EXIT_CODE_HELP}
`;

const CHECK = `Usage: bits-uploader check <url> [options]

Checks that <url> accepts BITS uploads: sends Ping and Create-Session, then Cancel-Session
so no session is left behind. Nothing is uploaded. Use the URL you would upload to, file
name included.

Options:
${CONNECTION_HELP}
  -h, --help               this help

Exit codes:
  0    the URL accepts BITS uploads
  1    it does not (the report says why)
  2    usage error
  130  interrupted
`;

export function helpText(topic?: CommandName): string {
  if (topic === 'upload') return UPLOAD;
  if (topic === 'check') return CHECK;
  return GENERAL;
}
