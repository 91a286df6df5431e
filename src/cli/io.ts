/** A stream the CLI writes to: `process.stdout`/`stderr` or a capture in the demo. */
export interface OutputStream {
  write(chunk: string): boolean;
  /** True on a terminal: the progress bar redraws in place only there. */
  readonly isTTY?: boolean | undefined;
  readonly columns?: number | undefined;
}

/**
 * Everything a command touches outside its arguments, so the demo can run commands in-process and
 * swap the browser for a scripted one.
 */
export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  env: Readonly<Record<string, string | undefined>>;
  /** Where relative paths resolve. */
  cwd: string;
  /** Reads all of standard input (for `--refresh-token -`). */
  readStdin(): Promise<string>;
  /** Opens `url` in a browser; resolves to false when no opener could be started. */
  openBrowser(url: string): Promise<boolean>;
  /** Aborted on Ctrl-C: long waits (login) end with exit code 130. */
  signal: AbortSignal;
}

/** Writes a line to stdout. */
export function say(io: CliIo, line = ''): void {
  io.stdout.write(`${line}\n`);
}

/** Writes a line to stderr: notes, warnings and errors, which keep stdout clean for data. */
export function note(io: CliIo, line = ''): void {
  io.stderr.write(`${line}\n`);
}

/** Writes one JSON document on one line to stdout: scripts read it with `jq` or `JSON.parse`. */
export function sayJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value)}\n`);
}
