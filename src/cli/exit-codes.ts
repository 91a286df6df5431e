/**
 * The CLI's exit codes, one meaning each, so scripts can tell a typo from a dead token. The
 * README's CLI reference and every command's `--help` print this table.
 */
export const ExitCode = Object.freeze({
  /** Done. */
  ok: 0,
  /** Something failed at run time: network, Netatmo answered an error, a file could not be read or written. */
  failure: 1,
  /** The command line is wrong: unknown command or option, missing or malformed value. Usage is printed. */
  usage: 2,
  /** Authorization refused or needed: the user declined, bad client id/secret, dead or missing token. Run `login`. */
  auth: 3,
  /** `login` got no answer from the browser in time. */
  timeout: 4,
  /** Interrupted (Ctrl-C). */
  interrupted: 130,
});

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** The table shown in `--help`. */
export const exitCodeHelp = `Exit codes:
  0    success
  1    runtime failure (network, Netatmo error, file error)
  2    usage error (unknown command or option, missing or bad value)
  3    authorization refused or needed (declined, invalid client, dead or missing token)
  4    login timed out waiting for the browser
  130  interrupted (Ctrl-C)`;
