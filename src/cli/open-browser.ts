import { spawn } from 'node:child_process';

/**
 * Opens `url` with `$BROWSER` when set, else the platform's opener (`open` on macOS, `start` on
 * Windows, `xdg-open` elsewhere). Never throws: a missing opener resolves to `false`, and the
 * caller has printed the URL anyway.
 */
export function openBrowser(url: string, env: Readonly<Record<string, string | undefined>> = process.env): Promise<boolean> {
  const browser = env['BROWSER'];
  const [command, args, verbatim] = browser
    ? [browser, [url], false]
    : process.platform === 'darwin'
      ? ['open', [url], false]
      : process.platform === 'win32'
        ? // `start` is a cmd built-in; the empty title stops it from taking the URL as a title.
          ['cmd', ['/d', '/s', '/c', `start "" "${url}"`], true]
        : ['xdg-open', [url], false];
  return new Promise((resolvePromise) => {
    try {
      const child = spawn(command, args, { stdio: 'ignore', detached: true, windowsVerbatimArguments: verbatim });
      child.once('error', () => resolvePromise(false));
      child.once('spawn', () => {
        child.unref();
        resolvePromise(true);
      });
    } catch {
      resolvePromise(false);
    }
  });
}
