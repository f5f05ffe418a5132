import { createStore } from 'zustand/vanilla';
import type { JobType, Priority } from '../../shared/jobs.js';

/** A message for the user about something they asked for (an action refused, a drop that failed). */
export interface Notice {
  id: number;
  message: string;
  hint?: string;
}

/** A browser file on its way to the host's staging folder. */
export interface StagingFile {
  key: string;
  name: string;
  sent: number;
  total: number;
}

/** A question that guards an action which loses work (cancel, remove unfinished, a large drop). */
export interface ConfirmRequest {
  title: string;
  message: string;
  /** The confirming button's text; begins with its verb ("Cancel 3 uploads"). */
  confirmLabel: string;
  /** The other button's text (default "Keep"). */
  dismissLabel?: string;
  /** 'danger' paints the confirming button red: the action loses work. */
  tone?: 'danger' | 'normal';
}

interface PendingConfirm extends ConfirmRequest {
  id: number;
  answer(confirmed: boolean): void;
}

/** The window's views (the left rail), named as the rail names them. */
export type ViewId = 'queue' | 'replies' | 'history' | 'settings';

/** The window's own state (not main's): the view shown, the destination being typed, notices, staging uploads. */
export interface UiState {
  view: ViewId;
  destinationUrl: string;
  jobType: JobType;
  /** Priority of the jobs added next. */
  priority: Priority;
  /** The saved destination picked, whose headers and credentials new jobs take (main resolves them). */
  destinationId: string | undefined;
  notices: Notice[];
  /** The question on screen, if any (one at a time; a second waits for the first). */
  confirming: PendingConfirm | undefined;
  staging: Record<string, StagingFile>;
  /** The details pane of the selection is shown (Enter opens it; Escape and its Close button close it). */
  detailsOpen: boolean;
  setView(view: ViewId): void;
  openDetails(): void;
  closeDetails(): void;
  /** `destinationId: null` forgets the saved destination picked (the URL was typed over). */
  setDestination(change: {
    url?: string;
    type?: JobType;
    priority?: Priority;
    destinationId?: string | null;
  }): void;
  notify(message: string, hint?: string): void;
  /** Asks the user; resolves true when they confirm, false when they dismiss (Escape, the other button). */
  confirm(request: ConfirmRequest): Promise<boolean>;
  dismiss(id: number): void;
  stagingProgress(file: StagingFile): void;
  stagingDone(key: string): void;
}

const DESTINATION_KEY = 'bits-uploader.destination';
const MAX_NOTICES = 5;

/** `storage` keeps the last destination for the next visit (localStorage; absent in tests). */
export function createUiStore(storage?: Storage) {
  const saved = readDestination(storage);
  let nextId = 1;
  const waiting: PendingConfirm[] = [];
  return createStore<UiState>()((set, get) => ({
    view: 'queue',
    destinationUrl: saved.url,
    jobType: saved.type,
    priority: 'normal',
    destinationId: saved.destinationId,
    notices: [],
    confirming: undefined,
    staging: {},
    detailsOpen: true,
    setView: (view) => set({ view }),
    openDetails: () => set({ detailsOpen: true }),
    closeDetails: () => set({ detailsOpen: false }),
    setDestination: (change) => {
      set({
        destinationUrl: change.url ?? get().destinationUrl,
        jobType: change.type ?? get().jobType,
        priority: change.priority ?? get().priority,
        destinationId:
          change.destinationId === null ? undefined : (change.destinationId ?? get().destinationId),
      });
      const { destinationUrl, jobType, destinationId } = get();
      storage?.setItem(
        DESTINATION_KEY,
        JSON.stringify({ url: destinationUrl, type: jobType, destinationId }),
      );
    },
    notify: (message, hint) =>
      set({
        notices: [
          ...get().notices.slice(-(MAX_NOTICES - 1)),
          hint === undefined ? { id: nextId++, message } : { id: nextId++, message, hint },
        ],
      }),
    confirm: (request) =>
      new Promise<boolean>((resolve) => {
        const pending: PendingConfirm = {
          ...request,
          id: nextId++,
          answer: (confirmed) => {
            const next = waiting.shift();
            set({ confirming: next });
            resolve(confirmed);
          },
        };
        if (get().confirming) waiting.push(pending);
        else set({ confirming: pending });
      }),
    dismiss: (id) => set({ notices: get().notices.filter((notice) => notice.id !== id) }),
    stagingProgress: (file) => set({ staging: { ...get().staging, [file.key]: file } }),
    stagingDone: (key) => {
      const { [key]: _done, ...rest } = get().staging;
      set({ staging: rest });
    },
  }));
}

export type UiStore = ReturnType<typeof createUiStore>;

function readDestination(storage?: Storage): { url: string; type: JobType; destinationId?: string } {
  try {
    const value = JSON.parse(storage?.getItem(DESTINATION_KEY) ?? '{}') as {
      url?: unknown;
      type?: unknown;
      destinationId?: unknown;
    };
    return {
      url: typeof value.url === 'string' ? value.url : '',
      type: value.type === 'upload-reply' ? 'upload-reply' : 'upload',
      ...(typeof value.destinationId === 'string' ? { destinationId: value.destinationId } : {}),
    };
  } catch {
    return { url: '', type: 'upload' };
  }
}
