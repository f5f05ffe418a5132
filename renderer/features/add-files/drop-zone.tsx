import { type ReactNode, useEffect, useState } from 'react';
import { Icon } from '../../components/icons.js';
import { useUi } from '../../stores/app-stores.js';
import type { FileAdder } from './add-files.js';
import { type DataTransferLike, droppedItems } from './folder-walk.js';
import { parsePastedPaths } from './paste-paths.js';
import { destinationProblem } from './plan-jobs.js';

function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false;
}

/**
 * The whole window takes dropped files (ui.md); while files are dragged over it, an overlay
 * says where they will go. Listens on the document so a drop on any part of the window counts.
 */
export function DropZone({ adder, children }: { adder: FileAdder; children: ReactNode }) {
  const [dragging, setDragging] = useState(false);
  const url = useUi((state) => state.destinationUrl);

  useEffect(() => {
    let depth = 0;
    const enter = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth++;
      setDragging(true);
    };
    const over = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const leave = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      // Without this the browser would navigate to the dropped file and the page would be gone.
      event.preventDefault();
      depth = 0;
      setDragging(false);
      // Entries are read now: the browser empties the DataTransfer once this handler returns.
      void adder.addDrop(droppedItems(event.dataTransfer as DataTransferLike | null));
    };
    // Paste of copied files or of paths (one per line), anywhere but in a text field.
    const paste = (event: ClipboardEvent) => {
      if (isTextField(event.target)) return;
      const files = [...(event.clipboardData?.files ?? [])];
      if (files.length > 0) {
        event.preventDefault();
        void adder.addFiles(files);
        return;
      }
      const paths = parsePastedPaths(event.clipboardData?.getData('text/plain') ?? '');
      if (paths.length === 0) return;
      event.preventDefault();
      // A pasted path may name a folder: the host says, and a folder becomes one job per file.
      void adder.addHostPaths(paths.map((path) => ({ path, kind: 'unknown' })));
    };
    document.addEventListener('paste', paste);
    document.addEventListener('dragenter', enter);
    document.addEventListener('dragover', over);
    document.addEventListener('dragleave', leave);
    document.addEventListener('drop', drop);
    return () => {
      document.removeEventListener('dragenter', enter);
      document.removeEventListener('dragover', over);
      document.removeEventListener('dragleave', leave);
      document.removeEventListener('drop', drop);
      document.removeEventListener('paste', paste);
    };
  }, [adder]);

  return (
    <>
      {children}
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <div className="drop-overlay__card">
            <Icon name="upload" size={40} />
            <p>
              {destinationProblem(url)
                ? 'Enter a destination URL first'
                : `Drop to upload to ${shortUrl(url)}`}
            </p>
          </div>
        </div>
      )}
    </>
  );
}

/** Where typing goes: a paste there is text for that field, not files for the queue. */
export function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement) return true;
  return (
    target instanceof HTMLInputElement &&
    !['checkbox', 'radio', 'button', 'submit', 'file'].includes(target.type)
  );
}

/** "intake.example.com/bits/": the part of the URL a person recognises. */
function shortUrl(url: string): string {
  try {
    const parsed = new URL(url.trim());
    return `${parsed.host}${parsed.pathname}`;
  } catch {
    return url;
  }
}
