import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { FileTokenStore } from '../../auth/file-token-store.js';
import { LATEST_STORABLE_EXPIRY_MS } from '../../auth/storable-tokens.js';
import { fingerprint, type TokenSet } from '../../auth/token-set.js';
import { CliError, UsageError } from '../cli-error.js';
import { jsonOption, stringOption, wantsJson, type CommandSpec } from '../command.js';
import { sharedOptions, stderrLogger, tokenFileOf } from '../connection.js';
import { ExitCode } from '../exit-codes.js';
import { isoTime } from '../format.js';
import { note, say, sayJson } from '../io.js';
import { tokenSummary } from '../login-flow.js';

/** Netatmo access tokens live 3 hours; the PHP script stores when it got one, not when it expires. */
const ACCESS_TOKEN_LIFETIME_MS = 10_800_000;

export const tokenImportCommand: CommandSpec = {
  name: 'token import',
  summary: 'import tokens from netatmo-exporter, the PHP token script or the dev portal',
  description:
    "Writes the token file (mode 0600) from one source, without calling Netatmo:\n" +
    "  --from-exporter <file>  a netatmo-exporter token file (the same format; you may also point --token-file at it)\n" +
    '  --from-php <folder>     the folder holding the PHP token script\'s file_access_token.txt, file_refresh_token.txt\n' +
    '                          and file_expire_time.txt (the Unix time the token was fetched; it lives 3 hours)\n' +
    "  --refresh-token <token> a refresh token from the dev portal's token generator (- reads it from stdin,\n" +
    '                          which keeps it out of shell history); the first use refreshes it\n' +
    'An existing token file is only replaced with --force. Stop the old tool first: Netatmo rotates the refresh token on every refresh, so two programs sharing one lock each other out.',
  options: {
    'from-exporter': { type: 'string', valueName: '<file>', description: "netatmo-exporter's token file" },
    'from-php': { type: 'string', valueName: '<folder>', description: "the PHP token script's folder (or one of its three files)" },
    'refresh-token': { type: 'string', valueName: '<token|->', description: "a dev-portal refresh token, or - to read it from stdin" },
    'token-file': sharedOptions['token-file'],
    force: { type: 'boolean', description: 'replace a token file that already holds a token' },
    json: jsonOption,
  },
  examples: [
    'netatmo-connect token import --from-exporter /var/lib/netatmo-exporter/netatmo-token.json',
    'netatmo-connect token import --from-php ~/netatmo-script/',
    'pbpaste | netatmo-connect token import --refresh-token -',
  ],
  async run(context) {
    const { io } = context;
    const sources = (['from-exporter', 'from-php', 'refresh-token'] as const).filter((name) => stringOption(context, name) !== undefined);
    if (sources.length !== 1) {
      throw new UsageError(
        sources.length === 0
          ? 'say where to import from: --from-exporter <file>, --from-php <folder> or --refresh-token <token>'
          : `give one source, not ${sources.map((name) => `--${name}`).join(' and ')}`,
      );
    }
    const source = sources[0]!;
    const value = stringOption(context, source)!;
    const tokenFile = tokenFileOf(context);
    const logger = stderrLogger(context);

    let tokens: TokenSet;
    let from: string;
    if (source === 'from-exporter') {
      from = resolve(io.cwd, value);
      if (from === tokenFile) {
        // Nothing to do, which is not a failure: with --json, stdout still carries only JSON.
        if (wantsJson(context)) sayJson(io, { imported: false, reason: 'the source is the token file already', tokenFile, from });
        else say(io, `${from} is the token file already: nothing to import.`);
        return ExitCode.ok;
      }
      const loaded = await new FileTokenStore(from, { logger }).load();
      if (!loaded) throw new CliError(`${from} does not exist or holds no token: check the path of netatmo-exporter's token file (its --token-file).`);
      tokens = loaded;
    } else if (source === 'from-php') {
      ({ tokens, from } = await readPhpFiles(resolve(io.cwd, value)));
    } else {
      const token = value === '-' ? (await io.readStdin()).trim() : value.trim();
      if (token === '' || /\s/.test(token)) {
        throw new UsageError("--refresh-token must be one token without spaces, as the dev portal's token generator shows it");
      }
      if (value !== '-') note(io, 'note: a token on the command line stays in your shell history; `--refresh-token -` reads it from stdin.');
      tokens = { refreshToken: token };
      from = value === '-' ? 'stdin' : '--refresh-token';
    }

    const store = new FileTokenStore(tokenFile, { logger });
    const existing = await store.load();
    if (existing && context.values['force'] !== true) {
      throw new CliError(
        `${tokenFile} already holds a token (refresh token fingerprint ${fingerprint(existing.refreshToken)}): pass --force to replace it, or --token-file to write elsewhere.`,
      );
    }
    await store.save(tokens);
    if (wantsJson(context)) {
      sayJson(io, { imported: true, ...tokenSummary(tokens, tokenFile), from });
      return ExitCode.ok;
    }
    say(io, `Imported from ${from} into ${tokenFile} (mode 0600).`);
    say(io, `Access token: ${tokens.accessToken ? `fingerprint ${fingerprint(tokens.accessToken)}` : 'none (fetched on first use)'}`);
    say(io, `Expires: ${tokens.expiresAt === undefined ? 'unknown (refreshed on first use)' : isoTime(tokens.expiresAt)}`);
    say(io, `Refresh token: ${tokens.refreshToken ? `fingerprint ${fingerprint(tokens.refreshToken)}` : 'none'}`);
    say(io, 'Run `netatmo-connect token refresh` to check it now (that rotates it), and stop any other program that used it.');
    return ExitCode.ok;
  },
};

async function readPhpFiles(path: string): Promise<{ tokens: TokenSet; from: string }> {
  const folder = (await stat(path).catch(() => undefined))?.isDirectory() ? path : dirname(path);
  const read = async (name: string, required: boolean): Promise<string | undefined> => {
    try {
      const text = (await readFile(join(folder, name), 'utf8')).trim();
      return text === '' ? undefined : text;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !required) return undefined;
      throw new CliError(
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? `${join(folder, name)} does not exist: --from-php needs the folder where the PHP token script wrote file_refresh_token.txt`
          : `cannot read ${join(folder, name)}: ${(error as Error).message}`,
      );
    }
  };
  const refreshToken = await read('file_refresh_token.txt', true);
  if (!refreshToken) throw new CliError(`${join(folder, 'file_refresh_token.txt')} is empty: run the PHP script's refresh first, or use login`);
  const accessToken = await read('file_access_token.txt', false);
  const fetchedAt = await read('file_expire_time.txt', false);
  const tokens: TokenSet = { refreshToken };
  if (accessToken) tokens.accessToken = accessToken;
  if (fetchedAt !== undefined) {
    if (!/^\d+$/.test(fetchedAt)) {
      throw new CliError(`${join(folder, 'file_expire_time.txt')} should hold a Unix time in seconds, found '${fetchedAt.slice(0, 20)}'`);
    }
    tokens.expiresAt = Number(fetchedAt) * 1000 + ACCESS_TOKEN_LIFETIME_MS;
    if (tokens.expiresAt > LATEST_STORABLE_EXPIRY_MS) {
      throw new CliError(`${join(folder, 'file_expire_time.txt')} holds ${fetchedAt.slice(0, 20)}, which is not a Unix time in seconds (it is past year 9999)`);
    }
  }
  return { tokens, from: folder };
}
