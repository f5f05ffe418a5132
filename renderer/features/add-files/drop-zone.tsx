import { type ReactNode, useEffect, useState } from 'react';
import { Icon } from '../../components/icons.js';
import { useUi } from '../../stores/app-stores.js';
import type { FileAdder } from './add-files.js';
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
      void adder.addFiles([...(event.dataTransfer?.files ?? [])]);
    };
    document.addEventListener('dragenter', enter);
    document.addEventListener('dragover', over);
    document.addEventListener('dragleave', leave);
    document.addEventListener('drop', drop);
    return () => {
      document.removeEventListener('dragenter', enter);
      document.removeEventListener('dragover', over);
      document.removeEventListener('dragleave', leave);
      document.removeEventListener('drop', drop);
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

/** "intake.example.com/bits/": the part of the URL a person recognises. */
function shortUrl(url: string): string {
  try {
    const parsed = new URL(url.trim());
    return `${parsed.host}${parsed.pathname}`;
  } catch {
    return url;
  }
}
