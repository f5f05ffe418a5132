import './icons.css';

/**
 * Line icons (24-unit grid, in the text colour) so an icon always goes with a state's word and
 * colour. Each is drawn by icons.css as a mask on one element; the names here and the rules
 * there are kept equal by electron/renderer-icons.test.ts.
 */
export const ICON_NAMES = [
  'clock',
  'upload',
  'pause',
  'play',
  'retry',
  'alert',
  'check',
  'cancelled',
  'x',
  'trash',
  'file',
  'open',
  'download',
  'plus',
  'arrow-up',
  'arrow-down',
  'arrow-top',
  'arrow-bottom',
  'folder',
  'chevron',
  'search',
  'gauge',
  'inbox',
  'history',
  'settings',
  'eye',
  'cloud',
] as const;

export type IconName = (typeof ICON_NAMES)[number];

/** Decorative: the words beside an icon, or its button's name, say what it means. */
export function Icon({ name, size = 16 }: { name: IconName; size?: number }) {
  return (
    <span
      className={`icon icon--${name}`}
      style={size === 16 ? undefined : { width: size, height: size }}
      aria-hidden="true"
    />
  );
}
