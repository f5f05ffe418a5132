import path from 'node:path';

/** Where the Electron-ABI copy of better-sqlite3's addon lives, beside (not over) Node's. */
export function electronNativeBinding(root: string): string {
  return path.join(root, 'dist', 'native', 'electron', 'better_sqlite3.node');
}

export const HEADERS_URL_ENV = 'BITS_UPLOADER_ELECTRON_HEADERS_URL';
export const DEFAULT_HEADERS_URL = 'https://electronjs.org/headers';

export interface NativeBuildInput {
  root: string;
  electronVersion: string;
  arch: string;
  node: string;
  env: NodeJS.ProcessEnv;
}

export interface NativeBuildPlan {
  /** Scratch copy of better-sqlite3's sources: node_modules' own build stays Node's. */
  tree: string;
  output: string;
  /** Fetches Electron's headers (the step that needs the internet). */
  headers: { command: string; args: string[] };
  /** Compiles in the scratch copy against them. */
  compile: { command: string; args: string[]; cwd: string };
  built: string;
}

export function nativeBuildPlan(input: NativeBuildInput): NativeBuildPlan {
  const gyp = path.join(input.root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  const tree = path.join(input.root, 'dist', 'native', 'electron', 'better-sqlite3');
  const common = [
    `--target=${input.electronVersion}`,
    `--arch=${input.arch}`,
    `--dist-url=${input.env[HEADERS_URL_ENV]?.trim() || DEFAULT_HEADERS_URL}`,
    `--devdir=${input.env.npm_config_devdir?.trim() || path.join(input.root, 'dist', 'native', 'electron-gyp')}`,
  ];
  return {
    tree,
    output: electronNativeBinding(input.root),
    headers: { command: input.node, args: [gyp, 'install', ...common] },
    compile: { command: input.node, args: [gyp, 'rebuild', '--release', ...common], cwd: tree },
    built: path.join(tree, 'build', 'Release', 'better_sqlite3.node'),
  };
}

/** One line for a failed build: the cause a person can act on, not node-gyp's 40 lines. */
export function nativeBuildFailure(step: 'headers' | 'compile', version: string, output: string): string {
  if (step === 'headers') {
    // Most specific first: an errno says more than "getaddrinfo" or "fetch failed".
    const network = [
      /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH/,
      /getaddrinfo|socket hang up|fetch failed|bad port|network connectivity|\b40[34]\b/,
    ]
      .map((pattern) => pattern.exec(output))
      .find((match) => match !== null);
    const cause = network ? `they could not be downloaded (${network[0]})` : 'they could not be fetched';
    return `Cannot build better-sqlite3 for Electron ${version}: Electron's headers are needed and ${cause}; run \`npm run build:native-electron\` once with internet access.`;
  }
  const line = output
    .split('\n')
    .map((l) => l.trim())
    .find((l) => /error/i.test(l) && !/^gyp (ERR|info)/.test(l));
  return `Cannot build better-sqlite3 for Electron ${version}: the compiler failed${line ? ` (${line.slice(0, 200)})` : ''}.`;
}
