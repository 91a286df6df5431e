import { parseArgs } from 'node:util';
import { UsageError } from './cli-error.js';
import { exitCodeHelp, type ExitCodeValue } from './exit-codes.js';
import type { CliIo } from './io.js';

/** One option of a command. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  /** May be given several times (`--scope a --scope b`). */
  multiple?: boolean;
  /** Placeholder shown in the usage, e.g. `<id>`. */
  valueName?: string;
  /** One line for `--help`. */
  description: string;
  /** Environment variable read when the option is absent. */
  env?: string;
  /** Default shown in `--help` (applied by the command). */
  defaultText?: string;
}

/** One positional argument. */
export interface PositionalSpec {
  name: string;
  description: string;
  required: boolean;
}

/** What a command gets once its arguments parsed. */
export interface CommandContext {
  io: CliIo;
  /** Parsed options, by long name; absent options are `undefined`. */
  values: Readonly<Record<string, string | boolean | string[] | undefined>>;
  positionals: readonly string[];
  /** The command itself, for option helpers that name their option and env variable. */
  command: CommandSpec;
  /**
   * Runs another command line in-process (the demo replays real commands). Handed in rather than
   * imported, so no command module imports the dispatcher that lists it.
   */
  runCli(argv: readonly string[], io: CliIo): Promise<ExitCodeValue>;
}

/** A CLI command: its usage and its run function. */
export interface CommandSpec {
  /** As typed: `login`, `token status`. */
  name: string;
  /** One line for the command list. */
  summary: string;
  /** A paragraph or two for `--help`. */
  description: string;
  options: Readonly<Record<string, OptionSpec>>;
  positionals?: readonly PositionalSpec[];
  /** Example command lines for `--help`. */
  examples?: readonly string[];
  run(context: CommandContext): Promise<ExitCodeValue>;
}

/**
 * Parses `argv` for `command` with `node:util` `parseArgs` in strict mode: an unknown option, a
 * missing value or a stray positional is a {@link UsageError}. Returns `undefined` for `--help`.
 */
export function parseCommandArgs(command: CommandSpec, argv: readonly string[]): Pick<CommandContext, 'values' | 'positionals'> | undefined {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = {
    help: { type: 'boolean', short: 'h' },
  };
  for (const [name, spec] of Object.entries(command.options)) {
    options[name] = { type: spec.type, ...(spec.multiple && { multiple: true }) };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError(describeParseError(error, command));
  }
  if (parsed.values['help']) return undefined;

  const positionals = parsed.positionals;
  const allowed = command.positionals ?? [];
  if (positionals.length > allowed.length) {
    const extra = positionals[allowed.length]!;
    throw new UsageError(
      extra.startsWith('-')
        ? `unknown option '${extra}'`
        : `unexpected argument '${extra}'${allowed.length === 0 ? `: '${command.name}' takes no arguments` : ''}`,
    );
  }
  for (const [index, spec] of allowed.entries()) {
    if (spec.required && positionals[index] === undefined) throw new UsageError(`missing <${spec.name}>: ${spec.description}`);
  }
  const values: Record<string, string | boolean | string[] | undefined> = {};
  for (const name of Object.keys(command.options)) {
    values[name] = parsed.values[name] as string | boolean | string[] | undefined;
  }
  return { values, positionals };
}

function describeParseError(error: unknown, command: CommandSpec): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-{1,2}[^'\s]+)/.exec(message)?.[1];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option '${option ?? message}' for '${command.name}'`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const name = option?.replace(/^-+/, '');
      if (name !== undefined && command.options[name]?.type === 'boolean') return `option '${option}' takes no value`;
      // parseArgs will not take a value that starts with '-' after a space: it could be a
      // forgotten value followed by another option. The '=' form is unambiguous.
      if (name !== undefined && /ambiguous/.test(message)) {
        return `the value after '${option}' starts with '-', so it reads as an option: write it as --${name}=<value>`;
      }
      return `option '${option ?? '?'}' needs a value${name !== undefined ? ` (${optionUsage(name, command.options[name])})` : ''}`;
    }
    default:
      return message;
  }
}

function optionUsage(name: string, spec: OptionSpec | undefined): string {
  return `--${name}${spec?.type === 'string' ? ` ${spec.valueName ?? '<value>'}` : ''}`;
}

/** The `--help` text of a command. */
export function renderCommandHelp(command: CommandSpec): string {
  const positionals = (command.positionals ?? []).map((spec) => (spec.required ? `<${spec.name}>` : `[${spec.name}]`));
  const lines = [`Usage: netatmo-connect ${command.name}${positionals.length ? ` ${positionals.join(' ')}` : ''} [options]`, '', command.description, ''];
  if (command.positionals?.length) {
    lines.push('Arguments:');
    for (const spec of command.positionals) lines.push(formatRow(`<${spec.name}>`, spec.description));
    lines.push('');
  }
  lines.push('Options:');
  for (const [name, spec] of Object.entries(command.options)) {
    const extras = [spec.defaultText && `default: ${spec.defaultText}`, spec.env && `env ${spec.env}`, spec.multiple && 'repeatable'].filter(Boolean);
    lines.push(formatRow(optionUsage(name, spec), `${spec.description}${extras.length ? ` (${extras.join('; ')})` : ''}`));
  }
  lines.push(formatRow('-h, --help', 'show this help'));
  if (command.examples?.length) {
    lines.push('', 'Examples:', ...command.examples.map((example) => `  ${example}`));
  }
  lines.push('', exitCodeHelp);
  return lines.join('\n');
}

/** A short form for usage errors: the synopsis and the options, without the description. */
export function renderCommandUsage(command: CommandSpec): string {
  const help = renderCommandHelp(command);
  const synopsis = help.slice(0, help.indexOf('\n'));
  const options = help.slice(help.indexOf('\nOptions:\n') + 1);
  const optionsEnd = options.indexOf('\n\n');
  return `${synopsis}\n\n${optionsEnd >= 0 ? options.slice(0, optionsEnd) : options}`.trimEnd();
}

/** The `--json` option of every command that prints data. */
export const jsonOption: OptionSpec = {
  type: 'boolean',
  description: 'print JSON on stdout instead of text (notes and errors stay on stderr)',
};

/** Whether `--json` was given. */
export function wantsJson(context: CommandContext): boolean {
  return context.values['json'] === true;
}

function formatRow(left: string, right: string): string {
  const width = 30;
  return left.length >= width - 2 ? `  ${left}\n  ${' '.repeat(width)}${right}` : `  ${left.padEnd(width)}${right}`;
}

/** A string option, falling back to its environment variable. Empty strings count as absent. */
export function stringOption(context: CommandContext, name: string): string | undefined {
  const value = context.values[name];
  if (typeof value === 'string' && value !== '') return value;
  const env = context.command.options[name]?.env;
  const fromEnv = env ? context.io.env[env] : undefined;
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : undefined;
}

/** A required string option: absent means a {@link UsageError} that says where to get it. */
export function requiredOption(context: CommandContext, name: string, help: string): string {
  const value = stringOption(context, name);
  if (value !== undefined) return value;
  const env = context.command.options[name]?.env;
  throw new UsageError(`missing --${name}${env ? ` (or set ${env})` : ''}: ${help}`);
}

/** Every value of a repeatable option, each also split on commas and spaces. */
export function listOption(context: CommandContext, name: string): string[] {
  const value = context.values[name];
  const raw = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  return raw.flatMap((item) => item.split(/[\s,]+/)).filter((item) => item !== '');
}
