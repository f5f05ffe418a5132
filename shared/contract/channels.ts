import { ZodError, z } from 'zod';
import { JobSchema, PrioritySchema, SettingsSchema } from '../jobs.js';
import {
  AddJobInputSchema,
  type Core,
  CoreError,
  CoreEventSchema,
  JobDetailSchema,
  JobIdSchema,
  JobListSchema,
  JobTypeMatchSchema,
  ListQuerySchema,
  MoveSchema,
  ReplyFileSchema,
  SettingsPatchSchema,
  UpdateJobInputSchema,
} from './core-api.js';
import {
  AppInfoSchema,
  BrowseInputSchema,
  BrowseResultSchema,
  CheckDestinationInputSchema,
  CheckResultSchema,
  DestinationIdSchema,
  DestinationSchema,
  JobFileRefSchema,
  ListFolderInputSchema,
  ListFolderResultSchema,
  PickFilesInputSchema,
  PickFilesResultSchema,
  ReplyDownloadSchema,
  ReplyPreviewSchema,
  ReplyRefSchema,
  SaveDestinationInputSchema,
  StagedFileSchema,
  StageInputSchema,
} from './host-api.js';

/**
 * The channel map every transport carries (Electron IPC, the headless host's HTTP API): each
 * channel names a core command or query by domain and verb, with its request and response
 * schemas. Hosts validate requests with these before calling the core; types come from here.
 */
const ids = z.object({ ids: z.array(JobIdSchema).max(10_000) });
const id = z.object({ id: JobIdSchema });
const changed = z.object({ changed: z.number().int() });
const removed = z.object({ removed: z.array(z.string()) });

/** Channels the core answers alone (dispatch below). */
export const CORE_CHANNELS = {
  'jobs:add': { request: AddJobInputSchema, response: JobSchema },
  'jobs:add-many': {
    request: z.object({ jobs: z.array(AddJobInputSchema).max(10_000) }),
    response: z.array(JobSchema),
  },
  'jobs:update': { request: id.extend({ changes: UpdateJobInputSchema }), response: JobSchema },
  'jobs:suspend': { request: id, response: JobSchema },
  'jobs:resume': { request: id, response: JobSchema },
  'jobs:cancel': { request: id, response: JobSchema },
  'jobs:complete': { request: id, response: JobSchema },
  'jobs:retry': { request: id, response: JobSchema },
  'jobs:set-priority': { request: id.extend({ priority: PrioritySchema }), response: JobSchema },
  'jobs:move': { request: id.extend({ where: MoveSchema }), response: JobSchema },
  'jobs:remove': { request: ids, response: removed },
  'jobs:remove-finished': { request: z.object({}), response: removed },
  'jobs:suspend-all': { request: z.object({}), response: changed },
  'jobs:resume-all': { request: z.object({}), response: changed },
  'jobs:list': { request: ListQuerySchema, response: JobListSchema },
  'jobs:get': { request: id, response: JobDetailSchema.nullable() },
  'jobs:find-unfinished': { request: JobTypeMatchSchema, response: JobSchema.nullable() },
  'replies:list': { request: z.object({}), response: z.array(ReplyFileSchema) },
  'settings:get': { request: z.object({}), response: SettingsSchema },
  'settings:update': { request: SettingsPatchSchema, response: SettingsSchema },
  'destinations:list': { request: z.object({}), response: z.array(DestinationSchema) },
  'destinations:save': { request: SaveDestinationInputSchema, response: DestinationSchema },
  'destinations:remove': { request: z.object({ id: DestinationIdSchema }), response: removed },
} as const;

/**
 * Channels that need the host as well as the core (its disk, its desktop, its identity):
 * hosts run them with dispatchHost (electron/host/dispatch-host.ts) and their HostServices.
 */
export const HOST_CHANNELS = {
  'replies:open': { request: ReplyRefSchema, response: z.null() },
  'replies:reveal': { request: ReplyRefSchema, response: z.null() },
  'replies:preview': { request: ReplyRefSchema, response: ReplyPreviewSchema },
  'replies:download': { request: ReplyRefSchema, response: ReplyDownloadSchema },
  'destinations:check': { request: CheckDestinationInputSchema, response: CheckResultSchema },
  'files:browse': { request: BrowseInputSchema, response: BrowseResultSchema },
  'files:list-folder': { request: ListFolderInputSchema, response: ListFolderResultSchema },
  'files:pick': { request: PickFilesInputSchema, response: PickFilesResultSchema },
  'files:stage': { request: StageInputSchema, response: StagedFileSchema },
  'files:reveal': { request: JobFileRefSchema, response: z.null() },
  'app:info': { request: z.object({}), response: AppInfoSchema },
} as const;

/**
 * Channels whose bytes travel on a route of their own, not in a JSON answer (serve:
 * `PUT /api/stage/<name>?size=<n>` answers StagedFile; `GET /api/replies/<jobId>/download`).
 * Their schemas still describe the request and the metadata.
 */
export const BYTE_CHANNELS: ReadonlySet<Channel> = new Set(['files:stage', 'replies:download']);

export const CHANNELS = { ...CORE_CHANNELS, ...HOST_CHANNELS } as const;

export type Channel = keyof typeof CHANNELS;
export type CoreChannel = keyof typeof CORE_CHANNELS;
export type HostChannel = keyof typeof HOST_CHANNELS;
export type ChannelRequest<C extends Channel> = z.input<(typeof CHANNELS)[C]['request']>;
export type ChannelResponse<C extends Channel> = z.output<(typeof CHANNELS)[C]['response']>;

/** The one event channel: job changes and coalesced progress, pushed to subscribers. */
export const EVENT_CHANNEL = 'jobs:changed';
export const EventSchema = CoreEventSchema;

export function isChannel(name: string): name is Channel {
  return Object.hasOwn(CHANNELS, name);
}

export function isHostChannel(name: string): name is HostChannel {
  return Object.hasOwn(HOST_CHANNELS, name);
}

type Handlers = {
  [C in CoreChannel]: (
    core: Core,
    request: z.output<(typeof CHANNELS)[C]['request']>,
  ) => Promise<ChannelResponse<C>>;
};

/** What each channel does on the core: one line each, type-checked against its schemas. */
const HANDLERS: Handlers = {
  'jobs:add': (core, request) => core.commands.add(request),
  'jobs:add-many': (core, request) => core.commands.addMany(request.jobs),
  'jobs:update': (core, { id, changes }) => core.commands.update(id, changes),
  'jobs:suspend': (core, { id }) => core.commands.suspend(id),
  'jobs:resume': (core, { id }) => core.commands.resume(id),
  'jobs:cancel': (core, { id }) => core.commands.cancel(id),
  'jobs:complete': (core, { id }) => core.commands.complete(id),
  'jobs:retry': (core, { id }) => core.commands.retry(id),
  'jobs:set-priority': (core, { id, priority }) => core.commands.setPriority(id, priority),
  'jobs:move': (core, { id, where }) => core.commands.move(id, where),
  'jobs:remove': (core, { ids }) => core.commands.remove(ids),
  'jobs:remove-finished': (core) => core.commands.removeFinished(),
  'jobs:suspend-all': (core) => core.commands.suspendAll(),
  'jobs:resume-all': (core) => core.commands.resumeAll(),
  'jobs:list': (core, request) => core.queries.list(request),
  'jobs:get': async (core, { id }) => (await core.queries.get(id)) ?? null,
  'jobs:find-unfinished': async (core, request) => (await core.queries.findUnfinished(request)) ?? null,
  'replies:list': (core) => core.queries.replies(),
  'settings:get': (core) => core.queries.settings(),
  'settings:update': (core, request) => core.commands.updateSettings(request),
  'destinations:list': (core) => core.queries.destinations(),
  'destinations:save': (core, request) => core.commands.saveDestination(request),
  'destinations:remove': (core, { id }) => core.commands.removeDestination(id),
};

/**
 * Validates a request for `channel` and runs it on the core. Hosts call this (through
 * dispatchHost) for every incoming message; a ZodError means the sender broke the contract.
 */
export async function dispatch<C extends CoreChannel>(
  core: Core,
  channel: C,
  payload: unknown,
): Promise<ChannelResponse<C>> {
  // Hosts pass names straight from the wire: `__proto__` or `nope` must be a clear error, not a TypeError.
  if (typeof channel !== 'string' || !isChannel(channel)) {
    throw new CoreError('unknown-channel', `There is no channel named “${String(channel).slice(0, 100)}”.`);
  }
  if (isHostChannel(channel)) {
    throw new CoreError('unsupported', `The channel “${channel}” needs a host; run it with dispatchHost.`);
  }
  const request = parseRequest(channel, payload ?? {});
  const handler = HANDLERS[channel] as (core: Core, request: unknown) => Promise<ChannelResponse<C>>;
  return handler(core, request);
}

/**
 * A ZodError for a payload that breaks the contract. zod itself throws a TypeError on some hostile
 * shapes (a `length` whose toString is not a function, as JSON can carry): that is the sender's
 * fault too, and gets a plain invalid-input error instead of looking like a crash.
 */
function parseRequest(channel: Channel, payload: unknown): unknown {
  try {
    return CHANNELS[channel].request.parse(payload);
  } catch (error) {
    if (error instanceof ZodError) throw error;
    throw new CoreError(
      'invalid-input',
      `The ${channel} request is malformed: a value has a shape no field accepts.`,
    );
  }
}
