import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * The window's icons are CSS masks (renderer/components/icons.css) named by `ICON_NAMES` in
 * icons.tsx: a name without a rule would draw nothing. It reads both from disk (electron/ may
 * not import renderer/), so it lives here beside the layer rules, where node: is allowed.
 */
const read = (file: string) =>
  readFileSync(new URL(`../renderer/components/${file}`, import.meta.url), 'utf8');
const css = read('icons.css');
const list = /export const ICON_NAMES = \[([^\]]*)\] as const;/.exec(read('icons.tsx'))?.[1] ?? '';
const ICON_NAMES = [...list.matchAll(/'([\w-]+)'/g)].map((match) => match[1]);

describe('renderer icons', () => {
  it('finds the icon names', () => {
    expect(ICON_NAMES.length).toBeGreaterThan(20);
  });

  it('has a mask for every icon name, and none for a name the component does not know', () => {
    const drawn = [...css.matchAll(/^\.icon--([\w-]+) \{/gm)].map((match) => match[1]);
    expect([...drawn].sort()).toEqual([...ICON_NAMES].sort());
  });

  it('gives each a whole SVG on the 24-unit grid that a data URL can carry', () => {
    const masks = [...css.matchAll(/--icon: url\("data:image\/svg\+xml,(.*)"\);/g)].map((match) => match[1]!);
    expect(masks).toHaveLength(ICON_NAMES.length);
    for (const svg of masks) {
      // A raw '#' would end the data URL early; a double quote would end the CSS string.
      expect(svg).not.toMatch(/[#"]/);
      expect(svg).toMatch(
        /^<svg xmlns='http:\/\/www\.w3\.org\/2000\/svg' viewBox='0 0 24 24' [^<>]*>(<(path|circle) [^<>]*\/>)+<\/svg>$/,
      );
    }
  });
});
