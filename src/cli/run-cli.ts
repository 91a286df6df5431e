import packageJson from '../../package.json' with { type: 'json' };
import { NetatmoAuthError, isNetatmoError } from '../errors.js';
import { CliError } from './cli-error.js';
import { parseCommandArgs, renderCommandHelp, renderCommandUsage, type CommandSpec } from './command.js';
import { authUrlCommand } from './commands/auth-url.js';
import { demoCommand } from './commands/demo.js';
import { exchangeCommand } from './commands/exchange.js';
import { exportCommand } from './commands/export.js';
import { loginCommand } from './commands/login.js';
import { stationsCommand } from './commands/stations.js';
import { tokenImportCommand } from './commands/token-import.js';
import { tokenRefreshCommand } from './commands/token-refresh.js';
import { tokenStatusCommand } from './commands/token-status.js';
import { watchCommand } from './commands/watch.js';
import { webhookListenCommand } from './commands/webhook-listen.js';
import { ExitCode, exitCodeHelp, type ExitCodeValue } from './exit-codes.js';
import { note, say, type CliIo } from './io.js';

/** Every command, in the order `--help` lists them. */
export const commands: readonly CommandSpec[] = [
  loginCommand,
  authUrlCommand,
  exchangeCommand,
  tokenStatusCommand,
  tokenRefreshCommand,
  tokenImportCommand,
  stationsCommand,
  exportCommand,
  watchCommand,
  webhookListenCommand,
  demoCommand,
];

const environmentHelp = `Environment:
  NETATMO_CLIENT_ID      default of --client-id
  NETATMO_CLIENT_SECRET  default of --client-secret (keeps it out of shell history)
  NETATMO_TOKEN_FILE     default of --token-file (else ./netatmo-token.json)
  NETATMO_BASE_URL       default of --base-url (else https://api.netatmo.com)
  BROWSER                program login opens the URL with (else xdg-open / open / start)`;

/** The top-level `--help`. */
export function renderMainHelp(): string {
  const width = Math.max(...commands.map((command) => command.name.length)) + 2;
  return [
    'Usage: netatmo-connect <command> [options]',
    '',
    'The first Netatmo token in one command, and a few things to do with it.',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}${command.summary}`),
    '',
    'Run `netatmo-connect <command> --help` for its options.',
    '',
    environmentHelp,
    '',
    exitCodeHelp,
  ].join('\n');
}

/**
 * Runs one command line (without `node` and the script) and resolves to its exit code. Never
 * throws: every failure becomes a message on stderr and an exit code from {@link ExitCode}.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCodeValue> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    note(io, renderMainHelp());
    return ExitCode.usage;
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    const topic = rest.join(' ');
    const command = commands.find((candidate) => candidate.name === topic);
    say(io, command ? renderCommandHelp(command) : renderMainHelp());
    return ExitCode.ok;
  }
  if (first === '--version' || first === '-v') {
    say(io, packageJson.version);
    return ExitCode.ok;
  }

  let command = commands.find((candidate) => candidate.name === first);
  let args = rest;
  if (!command && first === 'token') {
    const sub = rest[0];
    if (sub === undefined || sub === '--help' || sub === '-h') {
      const group = commands.filter((candidate) => candidate.name.startsWith('token '));
      const text = ['Usage: netatmo-connect token <status|refresh|import> [options]', '', ...group.map((candidate) => `  ${candidate.name.padEnd(16)}${candidate.summary}`)].join('\n');
      if (sub === undefined) {
        note(io, `netatmo-connect token: missing subcommand\n\n${text}`);
        return ExitCode.usage;
      }
      say(io, text);
      return ExitCode.ok;
    }
    command = commands.find((candidate) => candidate.name === `token ${sub}`);
    args = rest.slice(1);
    if (!command) {
      note(io, `netatmo-connect token: unknown subcommand '${sub}': use status, refresh or import\n\n${renderMainHelp()}`);
      return ExitCode.usage;
    }
  }
  if (!command && first === 'webhook') {
    // `webhook listen`: the one subcommand of the group so far.
    if (rest[0] === '--help' || rest[0] === '-h') {
      say(io, renderCommandHelp(commands.find((candidate) => candidate.name === 'webhook listen')!));
      return ExitCode.ok;
    }
    command = commands.find((candidate) => candidate.name === `webhook ${rest[0] ?? ''}`);
    args = rest.slice(1);
    if (!command) {
      note(io, `netatmo-connect webhook: ${rest[0] === undefined ? 'missing subcommand' : `unknown subcommand '${rest[0]}'`}: use listen\n\n${renderMainHelp()}`);
      return ExitCode.usage;
    }
  }
  if (!command) {
    note(io, `netatmo-connect: unknown command '${first}'\n\n${renderMainHelp()}`);
    return ExitCode.usage;
  }

  try {
    const parsed = parseCommandArgs(command, args);
    if (!parsed) {
      say(io, renderCommandHelp(command));
      return ExitCode.ok;
    }
    return await command.run({ io, command, ...parsed });
  } catch (error) {
    return report(io, command, error);
  }
}

function report(io: CliIo, command: CommandSpec, error: unknown): ExitCodeValue {
  const prefix = `netatmo-connect ${command.name}:`;
  if (error instanceof CliError) {
    note(io, `${prefix} ${error.message}`);
    if (error.exitCode === ExitCode.usage) note(io, `\n${renderCommandUsage(command)}\n\nRun \`netatmo-connect ${command.name} --help\` for more.`);
    return error.exitCode;
  }
  if (error instanceof NetatmoAuthError || (isNetatmoError(error) && error.name === 'NetatmoAuthError')) {
    note(io, `${prefix} ${error.message}`);
    return ExitCode.auth;
  }
  if (isNetatmoError(error)) {
    note(io, `${prefix} ${error.message}`);
    return ExitCode.failure;
  }
  // Not ours: a bug or an unexpected system error. The message only; the stack helps no user.
  note(io, `${prefix} unexpected error: ${error instanceof Error ? error.message : String(error)}`);
  return ExitCode.failure;
}
