import path from 'node:path';

/** How the platform starts an app at login: Electron's login item (macOS, Windows) or an XDG autostart entry. */
export type LoginItemPlan =
  | { kind: 'login-item'; openAtLogin: boolean }
  | { kind: 'autostart-file'; file: string; content: string | undefined };

export interface LoginItemContext {
  platform: NodeJS.Platform;
  /** The app's executable (process.execPath of the packaged app). */
  execPath: string;
  home: string;
  /** $XDG_CONFIG_HOME, when set. */
  xdgConfigHome?: string | undefined;
}

/**
 * What "launch at login" means here. Electron's setLoginItemSettings covers macOS and Windows;
 * Linux desktops read ~/.config/autostart/*.desktop (the XDG autostart spec), written or removed.
 */
export function loginItemPlan(enabled: boolean, context: LoginItemContext): LoginItemPlan {
  if (context.platform === 'darwin' || context.platform === 'win32') {
    return { kind: 'login-item', openAtLogin: enabled };
  }
  const config =
    context.xdgConfigHome && path.isAbsolute(context.xdgConfigHome)
      ? context.xdgConfigHome
      : path.join(context.home, '.config');
  return {
    kind: 'autostart-file',
    file: path.join(config, 'autostart', 'bits-uploader.desktop'),
    content: enabled ? autostartEntry(context.execPath) : undefined,
  };
}

/** A desktop entry (Desktop Entry Specification): Exec quoted so a path with spaces survives. */
export function autostartEntry(execPath: string): string {
  const quoted = `"${execPath.replace(/(["`$\\])/g, '\\$1')}"`;
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=BITS Uploader',
    'Comment=Resumable uploads to BITS servers',
    `Exec=${quoted}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}
