import { ExitCode, type ExitCodeValue } from './exit-codes.js';

/**
 * A failure the CLI reports as one clear message (what went wrong, where, what to do) and an exit
 * code, without a stack trace.
 */
export class CliError extends Error {
  override name = 'CliError';
  readonly exitCode: ExitCodeValue;

  constructor(message: string, exitCode: ExitCodeValue = ExitCode.failure) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** The command line is wrong: the message is followed by the command's usage, exit code 2. */
export class UsageError extends CliError {
  override name = 'UsageError';

  constructor(message: string) {
    super(message, ExitCode.usage);
  }
}
