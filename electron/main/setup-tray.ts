import type { Menu, MenuItemConstructorOptions, Tray } from 'electron';
import type { TrayAction, TrayModel } from './tray-model.js';

export interface TrayDeps {
  tray: Tray;
  buildMenu: (template: MenuItemConstructorOptions[]) => Menu;
  onAction: (action: TrayAction, preference?: string) => void;
}

/** Renders a tray model: the menu and tooltip are rebuilt from data, nothing decided here. */
export function renderTray(deps: TrayDeps, model: TrayModel): void {
  const template: MenuItemConstructorOptions[] = model.items.map((item) =>
    item.label === '-'
      ? { type: 'separator' }
      : {
          id: item.id,
          label: item.label,
          enabled: item.enabled,
          ...(item.checked === undefined ? {} : { type: 'checkbox' as const, checked: item.checked }),
          click: item.action ? () => deps.onAction(item.action!, item.preference) : undefined,
        },
  );
  deps.tray.setToolTip(model.tooltip);
  deps.tray.setContextMenu(deps.buildMenu(template));
}
