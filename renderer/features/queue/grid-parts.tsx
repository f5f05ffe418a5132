import type { HTMLAttributes } from 'react';

// A virtualized list cannot be a <table> (rows are absolutely placed), so the ARIA grid is made
// of divs with roles. Focus lives on the grid itself (aria-activedescendant), not on each cell.
type DivProps = HTMLAttributes<HTMLDivElement>;

export function GridRowGroup(props: DivProps & { ref?: React.Ref<HTMLDivElement> }) {
  // biome-ignore lint/a11y/useSemanticElements: a virtualized grid's row group cannot be a <tbody>
  return <div role="rowgroup" {...props} />;
}

export function GridRow(props: DivProps) {
  // biome-ignore lint/a11y/useSemanticElements lint/a11y/useFocusableInteractive: rows are placed absolutely (no <tr>); the grid holds focus
  return <div role="row" {...props} />;
}

export function GridCell(props: DivProps) {
  // biome-ignore lint/a11y/useSemanticElements lint/a11y/useFocusableInteractive: see GridRow
  return <div role="gridcell" {...props} />;
}

export function ColumnHeader(props: DivProps) {
  // biome-ignore lint/a11y/useSemanticElements lint/a11y/useFocusableInteractive: see GridRow
  return <div role="columnheader" {...props} />;
}
