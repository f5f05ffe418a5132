import { z } from 'zod';
import { HeaderSchema, JobTypeSchema } from '../jobs.js';
import { ClientCertSchema, CredentialsSchema, JobIdSchema, PinsSchema } from './core-api.js';
import { LIST_FOLDER_MAX_DEPTH, LIST_FOLDER_MAX_FILES } from './folder-limits.js';
import { PathTextSchema } from './limits.js';

/**
 * Schemas of the channels that need more than the core: reply files on the host's disk, the
 * BITS preflight, saved destinations, the host's file system and staging, and what the host is.
 * The channel map (channels.ts) lists them; every type comes from here.
 */

export const ReplyRefSchema = z.object({ jobId: JobIdSchema });

/** A job's own local file (files:reveal shows it in the host's file manager). */
export const JobFileRefSchema = z.object({ jobId: JobIdSchema });

/** Previews stop here: a reply can be gigabytes, a preview pane needs its start. */
export const REPLY_PREVIEW_MAX_BYTES = 256 * 1024;

export const ReplyPreviewSchema = z.object({
  jobId: z.string(),
  fileName: z.string(),
  /** Size of the whole reply file. */
  bytes: z.number().int().min(0),
  /** What the first bytes look like; 'binary' previews carry no text. */
  kind: z.enum(['text', 'json', 'xml', 'binary']),
  text: z.string(),
  /** True when the file is longer than the preview. */
  truncated: z.boolean(),
});
export type ReplyPreview = z.infer<typeof ReplyPreviewSchema>;

/** What a reply download is (the bytes travel on the host's own route, e.g. an HTTP GET). */
export const ReplyDownloadSchema = z.object({ fileName: z.string(), bytes: z.number().int().min(0) });

export const CheckDestinationInputSchema = z.object({
  url: z.string().min(1).max(8192),
  headers: z.array(HeaderSchema).max(64).default([]),
  credentials: CredentialsSchema.optional(),
  /** Extra CA certificate (PEM file on the host) trusted for this check. */
  caFile: z.string().min(1).optional(),
  /** TLS client certificate (files on the host) for this check. */
  clientCert: ClientCertSchema.optional(),
  /** Accept the server only with one of these certificates (SHA-256). */
  pins: PinsSchema.optional(),
  /** A saved destination whose headers and credentials the check uses where none are given. */
  destinationId: JobIdSchema.optional(),
});

export const CHECK_PROBLEM_KINDS = [
  'unreachable',
  'tls',
  'auth',
  'not-enabled',
  'not-bits',
  'forbidden',
  'protocol',
  'proxy',
  'other',
] as const;

/** The preflight's answer as plain data: what each packet got, and the problem in plain words. */
export const CheckResultSchema = z.object({
  ok: z.boolean(),
  url: z.string(),
  steps: z.array(
    z.object({
      packet: z.string(),
      status: z.number().int().optional(),
      ok: z.boolean(),
      detail: z.string(),
    }),
  ),
  problem: z
    .object({
      kind: z.enum(CHECK_PROBLEM_KINDS),
      message: z.string(),
      hint: z.string(),
      httpStatus: z.number().int().optional(),
      code: z.string().optional(),
    })
    .optional(),
  /** The authentication scheme the server asked for and the check answered ("NTLM", "Digest (SHA-256)"). */
  auth: z.string().optional(),
  /** How the check reached the server: "direct", or the proxy's origin and where it came from. */
  proxy: z.string().optional(),
});
export type CheckResult = z.infer<typeof CheckResultSchema>;

export const DestinationIdSchema = z.string().min(1).max(64);

const FragmentSizeSchema = z
  .number()
  .int()
  .min(5 * 1024);

/** A saved destination as hosts show it: header names and hasCredentials, never their values. */
export const DestinationSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** A BITS folder URL (ends in '/': each file goes to <url><encoded name>) or one file's URL. */
  url: z.string(),
  type: JobTypeSchema,
  headerNames: z.array(z.string()),
  hasCredentials: z.boolean(),
  fragmentSize: z.number().int().optional(),
  /** The client certificate's files; whether a passphrase is saved (never the passphrase). */
  clientCert: z
    .object({
      certFile: z.string().optional(),
      keyFile: z.string().optional(),
      pfxFile: z.string().optional(),
      hasPassphrase: z.boolean(),
    })
    .optional(),
  /** SHA-256 pins of the server certificate. */
  pins: z.array(z.string()).optional(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type Destination = z.infer<typeof DestinationSchema>;

/**
 * Saves a new destination, or changes the one with this id. On a change, omitted `headers` and
 * `credentials` keep what is stored (the client never saw them); `credentials: null` clears them.
 */
export const SaveDestinationInputSchema = z.object({
  id: DestinationIdSchema.optional(),
  name: z.string().trim().min(1).max(200),
  url: z.string().min(1).max(8192),
  type: JobTypeSchema.default('upload'),
  headers: z.array(HeaderSchema).max(64).optional(),
  credentials: CredentialsSchema.nullable().optional(),
  /** Null or absent: automatic sizing. */
  fragmentSize: FragmentSizeSchema.nullable().optional(),
  /** TLS client certificate; omitted on a change: kept; null: cleared. */
  clientCert: ClientCertSchema.nullable().optional(),
  /** Server certificate pins; omitted on a change: kept; null: cleared. */
  pins: PinsSchema.nullable().optional(),
});
export type SaveDestinationInput = z.input<typeof SaveDestinationInputSchema>;
export type SaveDestinationRequest = z.output<typeof SaveDestinationInputSchema>;

/** Listing a folder stops after this many entries (`truncated` says so). */
export const BROWSE_MAX_ENTRIES = 5_000;

export const BrowseInputSchema = z.object({
  /** An absolute folder path on the host; absent: the first allowed folder, else the home folder. */
  path: z.string().min(1).max(4096).optional(),
  /** Include names starting with '.'. */
  showHidden: z.boolean().default(false),
  limit: z.number().int().min(1).max(BROWSE_MAX_ENTRIES).default(BROWSE_MAX_ENTRIES),
});

export const BrowseEntrySchema = z.object({
  name: z.string(),
  /** Links are followed: a link to a folder is a 'folder'; a dangling one is 'other'. */
  kind: z.enum(['file', 'folder', 'other']),
  size: z.number().int().min(0),
  /** Last modification, ms since the epoch. */
  mtime: z.number(),
});
export type BrowseEntry = z.infer<typeof BrowseEntrySchema>;

export const BrowseResultSchema = z.object({
  /** The folder listed, absolute and normalized. */
  path: z.string(),
  /** Its parent, when the user may go there. */
  parent: z.string().optional(),
  /** Folders first, then files, each by name (case-insensitive, numbers in numeric order). */
  entries: z.array(BrowseEntrySchema),
  truncated: z.boolean(),
  /** The allowed folders, when the host confines browsing (empty: anywhere). */
  roots: z.array(z.string()),
});
export type BrowseResult = z.infer<typeof BrowseResultSchema>;

export { LIST_FOLDER_MAX_DEPTH, LIST_FOLDER_MAX_FILES } from './folder-limits.js';

export const ListFolderInputSchema = z.object({
  /** An absolute folder path on the host (a dropped or picked folder). */
  path: PathTextSchema.min(1),
  maxFiles: z.number().int().min(1).max(LIST_FOLDER_MAX_FILES).default(LIST_FOLDER_MAX_FILES),
  maxDepth: z.number().int().min(1).max(LIST_FOLDER_MAX_DEPTH).default(LIST_FOLDER_MAX_DEPTH),
});

/** Every ordinary file below a folder, recursively; links are not followed. */
export const ListFolderResultSchema = z.object({
  /** The folder, absolute and real. */
  path: z.string(),
  /** Its own name: the top of each file's relative path. */
  name: z.string(),
  files: z.array(
    z.object({
      path: z.string(),
      /** Below the folder, '/'-separated, e.g. "sub/dir/file.bin". */
      relativePath: z.string(),
      size: z.number().int().min(0),
    }),
  ),
  /** What cannot be queued (links, sockets, devices, unreadable folders), with why. */
  skipped: z.array(z.object({ relativePath: z.string(), reason: z.string() })),
  /** True when maxFiles or maxDepth stopped the walk. */
  truncated: z.boolean(),
});
export type ListFolderResult = z.infer<typeof ListFolderResultSchema>;

/** The desktop's own open dialog: files, or folders (Linux and Windows cannot offer both at once). */
export const PickFilesInputSchema = z.object({ kind: z.enum(['files', 'folders']).default('files') });
export const PickFilesResultSchema = z.object({
  /** Empty when the dialog was cancelled. */
  picked: z.array(z.object({ path: z.string(), kind: z.enum(['file', 'folder']) })),
});
export type PickFilesResult = z.infer<typeof PickFilesResultSchema>;

/** A file a browser sends to the host to be uploaded from there (bytes on the host's own route). */
export const StageInputSchema = z.object({
  fileName: z.string().min(1).max(255),
  size: z.number().int().min(0),
});
export const StagedFileSchema = z.object({
  /** Where the host keeps it; pass it as `filePath` to jobs:add. */
  stagedPath: z.string(),
  bytes: z.number().int().min(0),
});
export type StagedFile = z.infer<typeof StagedFileSchema>;

export const HostKindSchema = z.enum(['desktop', 'serve']);
export type HostKind = z.infer<typeof HostKindSchema>;

/** What the host can do, so a UI shows only the buttons that work there. */
export const CapabilitiesSchema = z.object({
  canOpenFiles: z.boolean(),
  canRevealFiles: z.boolean(),
  canBrowseHostFiles: z.boolean(),
  canStageUploads: z.boolean(),
  canDownloadReplies: z.boolean(),
  hasNativeFileDialog: z.boolean(),
});
export type Capabilities = z.infer<typeof CapabilitiesSchema>;

export const AppInfoSchema = z.object({
  version: z.string(),
  dataDir: z.string(),
  hostKind: HostKindSchema,
  capabilities: CapabilitiesSchema,
  /** Largest file a browser may stage, in bytes (0 when staging is not offered). */
  maxStageBytes: z.number().int().min(0),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;
