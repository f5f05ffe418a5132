import type { ReactNode } from 'react';

/** Line icons (24-unit grid, currentColor) so an icon always goes with a state's word and colour. */
const PATHS: Record<string, ReactNode> = {
  clock: (
    <>
      <circle cx="12" cy="12" r="8.5" />
      <path d="M12 7.5V12l3 2" />
    </>
  ),
  upload: <path d="M12 17V5m0 0-5 5m5-5 5 5M5 19.5h14" />,
  pause: <path d="M9 6v12M15 6v12" />,
  play: <path d="M8 5.5v13l10-6.5z" />,
  retry: <path d="M19 12a7 7 0 1 1-2.05-4.95M19 4.5V8h-3.5" />,
  alert: (
    <>
      <path d="M12 4 2.8 19.5h18.4z" />
      <path d="M12 10v4.5M12 17.2v.1" />
    </>
  ),
  check: (
    <>
      <circle cx="12" cy="12" r="8.5" />
      <path d="m8 12.3 2.7 2.7L16 9.5" />
    </>
  ),
  cancelled: (
    <>
      <circle cx="12" cy="12" r="8.5" />
      <path d="m6 18 12-12" />
    </>
  ),
  x: <path d="m7 7 10 10M17 7 7 17" />,
  trash: <path d="M5 7h14M10 7V5h4v2m-7 0 1 12h8l1-12" />,
  file: (
    <>
      <path d="M7 3.5h6.5L18 8v12.5H7z" />
      <path d="M13.5 3.5V8H18" />
    </>
  ),
  open: <path d="M14 4.5h5.5V10M19.5 4.5 11 13M17 14v5.5H5.5V8H11" />,
  download: <path d="M12 4v11m0 0-4.5-4.5M12 15l4.5-4.5M5 19.5h14" />,
  plus: <path d="M12 5v14M5 12h14" />,
  'arrow-up': <path d="M12 19V5m0 0-5 5m5-5 5 5" />,
  'arrow-down': <path d="M12 5v14m0 0-5-5m5 5 5-5" />,
  'arrow-top': <path d="M5 4.5h14M12 20V9m0 0-5 5m5-5 5 5" />,
  'arrow-bottom': <path d="M5 19.5h14M12 4v11m0 0-5-5m5 5 5-5" />,
  folder: <path d="M3.5 6.5h6l2 2h9v10h-17z" />,
  chevron: <path d="m7 10 5 5 5-5" />,
  search: (
    <>
      <circle cx="11" cy="11" r="6" />
      <path d="m15.5 15.5 4 4" />
    </>
  ),
  gauge: <path d="M4.5 17a8 8 0 1 1 15 0M12 13l4-4" />,
  inbox: (
    <>
      <path d="M4 13.5 6.5 5h11l2.5 8.5v5H4z" />
      <path d="M4 13.5h4.5l1 2h5l1-2H20" />
    </>
  ),
  history: (
    <>
      <path d="M4.5 12a7.5 7.5 0 1 0 2.2-5.3L4.5 9" />
      <path d="M4.5 4.5V9H9M12 8v4l2.5 2" />
    </>
  ),
  settings: (
    <>
      <circle cx="12" cy="12" r="3" />
      <path d="M12 3.5v2.2M12 18.3v2.2M3.5 12h2.2M18.3 12h2.2M6 6l1.6 1.6M16.4 16.4 18 18M6 18l1.6-1.6M16.4 7.6 18 6" />
    </>
  ),
  eye: (
    <>
      <path d="M2.5 12s3.5-6 9.5-6 9.5 6 9.5 6-3.5 6-9.5 6-9.5-6-9.5-6z" />
      <circle cx="12" cy="12" r="2.5" />
    </>
  ),
  cloud: (
    <>
      <path d="M7.5 18.5a4.5 4.5 0 0 1-.6-8.96 6 6 0 0 1 11.5 1.7 3.7 3.7 0 0 1-.9 7.26z" />
      <path d="M12 16v-5.5m0 0-2.5 2.5m2.5-2.5 2.5 2.5" />
    </>
  ),
};

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 16 }: { name: IconName; size?: number }) {
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {PATHS[name]}
    </svg>
  );
}
