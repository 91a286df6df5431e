import { resolve } from 'node:path';
import { FileTokenStore } from '../auth/file-token-store.js';
import { createNetatmoClient, type NetatmoClient, type NetatmoClientOptions } from '../client.js';
import type { Logger } from '../logger.js';
import { UsageError } from './cli-error.js';
import { requiredOption, stringOption, type CommandContext, type OptionSpec } from './command.js';
import { note } from './io.js';
import { DEFAULT_BASE_URL } from '../options/defaults.js';

/** The port `login` listens on by default: register `http://localhost:8787/callback` once. */
export const DEFAULT_PORT = 8787;
export const DEFAULT_REDIRECT_URI = `http://localhost:${DEFAULT_PORT}/callback`;
export const DEFAULT_TOKEN_FILE = 'netatmo-token.json';
export { DEFAULT_BASE_URL };

/** Options shared by several commands, with their environment fallbacks. */
export const sharedOptions = {
  'client-id': {
    type: 'string',
    valueName: '<id>',
    description: "your app's client id (dev.netatmo.com → My apps)",
    env: 'NETATMO_CLIENT_ID',
  },
  'client-secret': {
    type: 'string',
    valueName: '<secret>',
    description: "your app's client secret; prefer the env variable, which stays out of shell history",
    env: 'NETATMO_CLIENT_SECRET',
  },
  'token-file': {
    type: 'string',
    valueName: '<path>',
    description: "the token file (netatmo-exporter's format, written 0600)",
    env: 'NETATMO_TOKEN_FILE',
    defaultText: `./${DEFAULT_TOKEN_FILE}`,
  },
  'base-url': {
    type: 'string',
    valueName: '<url>',
    description: 'Netatmo host (point it at a fake in tests)',
    env: 'NETATMO_BASE_URL',
    defaultText: DEFAULT_BASE_URL,
  },
  'redirect-uri': {
    type: 'string',
    valueName: '<uri>',
    description: "the redirect URI set for your app, matched exactly (trailing slash included)",
    defaultText: DEFAULT_REDIRECT_URI,
  },
  scope: {
    type: 'string',
    multiple: true,
    valueName: '<scope>',
    description: 'scopes to ask for, repeatable or comma-separated',
    defaultText: 'read_station',
  },
} as const satisfies Record<string, OptionSpec>;

const credentialsHelp = 'copy it from your app at dev.netatmo.com → My apps';

export function clientIdOf(context: CommandContext): string {
  return requiredOption(context, 'client-id', credentialsHelp);
}

export function clientSecretOf(context: CommandContext): string {
  return requiredOption(context, 'client-secret', credentialsHelp);
}

/** The token file, absolute, from `--token-file`, `NETATMO_TOKEN_FILE` or the default. */
export function tokenFileOf(context: CommandContext): string {
  return resolve(context.io.cwd, stringOption(context, 'token-file') ?? DEFAULT_TOKEN_FILE);
}

/** The base URL, checked to be an absolute http(s) URL. */
export function baseUrlOf(context: CommandContext): string {
  const value = stringOption(context, 'base-url') ?? DEFAULT_BASE_URL;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--base-url must be an absolute URL such as ${DEFAULT_BASE_URL}, got '${value}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--base-url must be http or https, got '${value}'`);
  return value.replace(/\/+$/, '');
}

/** A redirect URI option, checked to be absolute. */
export function redirectUriOf(context: CommandContext): string | undefined {
  const value = stringOption(context, 'redirect-uri');
  if (value === undefined) return undefined;
  try {
    new URL(value);
  } catch {
    throw new UsageError(`--redirect-uri must be an absolute URL such as ${DEFAULT_REDIRECT_URI}, got '${value}'`);
  }
  return value;
}

/** Warnings of the SDK on stderr, prefixed; debug and info stay quiet. */
export function stderrLogger(context: CommandContext): Logger {
  const write = (line: string): void => note(context.io, line.replace(/^netatmo-connect: /, 'warning: '));
  return { debug: () => {}, info: () => {}, warn: write, error: write };
}

/** A client on the token file, with the SDK's default rate budget and retries. */
export function openClient(context: CommandContext, extra: Partial<NetatmoClientOptions> = {}): { client: NetatmoClient; tokenFile: string; store: FileTokenStore } {
  const tokenFile = tokenFileOf(context);
  const logger = stderrLogger(context);
  const store = new FileTokenStore(tokenFile, { logger });
  const client = createNetatmoClient({
    clientId: clientIdOf(context),
    clientSecret: clientSecretOf(context),
    baseUrl: baseUrlOf(context),
    tokenStore: store,
    logger,
    ...extra,
  });
  return { client, tokenFile, store };
}
