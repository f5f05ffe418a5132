import type { Page } from '@playwright/test';

/** The few browser APIs the page functions below use (this tsconfig has no DOM library). */
interface BrowserSide {
  DataTransfer: new () => { items: { add(file: unknown): void } };
  File: new (parts: unknown[], name: string, options?: { type: string }) => unknown;
  DragEvent: new (type: string, init: Record<string, unknown>) => unknown;
  document: {
    body: { dispatchEvent(event: unknown): boolean };
    querySelector(selector: string): { dispatchEvent(event: unknown): boolean } | null;
  };
}

export interface DropFile {
  name: string;
  bytes: Buffer;
}

/**
 * Drops files on the window the way a file manager does: dragenter, dragover and drop events
 * whose DataTransfer carries File objects. `hold` stops after dragover (to see the overlay).
 */
export async function dragFiles(page: Page, files: DropFile[], hold = false): Promise<void> {
  await page.evaluate(
    ({ files, hold }) => {
      const { DataTransfer, File, DragEvent, document } = globalThis as unknown as BrowserSide;
      const transfer = new DataTransfer();
      for (const file of files) {
        const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
        transfer.items.add(new File([bytes], file.name, { type: 'application/octet-stream' }));
      }
      const target = document.querySelector('main') ?? document.body;
      const fire = (type: string) =>
        target.dispatchEvent(
          new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }),
        );
      fire('dragenter');
      fire('dragover');
      if (!hold) fire('drop');
    },
    { files: files.map((file) => ({ name: file.name, base64: file.bytes.toString('base64') })), hold },
  );
}

/** Ends a held drag without dropping (the overlay goes away). */
export async function leaveDrag(page: Page): Promise<void> {
  await page.evaluate(() => {
    const { DataTransfer, File, DragEvent, document } = globalThis as unknown as BrowserSide;
    const transfer = new DataTransfer();
    transfer.items.add(new File(['x'], 'x'));
    document.body.dispatchEvent(new DragEvent('dragleave', { bubbles: true, dataTransfer: transfer }));
  });
}

/** A job's row by file name and state word (rows are named "<file>, <state>…"). */
export function row(page: Page, fileName: string, state?: string) {
  const name = state ? `${fileName}, ${state}` : `${fileName}, `;
  return page.getByRole('row', { name: new RegExp(`^${escapeRegExp(name)}`) });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Deterministic bytes that differ at every offset, so a misplaced fragment cannot compare equal. */
export function patternBytes(size: number, seed: number): Buffer {
  const bytes = Buffer.alloc(size);
  let x = seed * 2654435761 + 1;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes;
}
