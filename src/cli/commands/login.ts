import { FileTokenStore } from '../../auth/file-token-store.js';
import { UsageError } from '../cli-error.js';
import { jsonOption, listOption, stringOption, wantsJson, type CommandSpec } from '../command.js';
import { DEFAULT_PORT, DEFAULT_REDIRECT_URI, baseUrlOf, clientIdOf, clientSecretOf, redirectUriOf, sharedOptions, stderrLogger, tokenFileOf } from '../connection.js';
import { ExitCode } from '../exit-codes.js';
import { parseDuration } from '../format.js';
import { runLoginFlow } from '../login-flow.js';
import { resolveScopes } from '../scopes.js';

/** Codes and states live 10 minutes at most, so waiting longer could never succeed. */
const MAX_TIMEOUT_MS = 10 * 60_000;
const DEFAULT_TIMEOUT_MS = 5 * 60_000;

export const loginCommand: CommandSpec = {
  name: 'login',
  summary: 'authorize in the browser and write the token file',
  description: `Listens on 127.0.0.1 only, prints Netatmo's authorize URL and opens it in the browser. After you accept, Netatmo redirects to ${DEFAULT_REDIRECT_URI} (set this redirect URI for your app once, at dev.netatmo.com → My apps); the code is exchanged and the token file written (mode 0600). A callback with a missing or wrong state gets HTTP 400 and login keeps waiting.`,
  options: {
    'client-id': sharedOptions['client-id'],
    'client-secret': sharedOptions['client-secret'],
    scope: sharedOptions.scope,
    port: { type: 'string', valueName: '<port>', description: 'port to listen on, on 127.0.0.1', defaultText: String(DEFAULT_PORT) },
    'redirect-uri': { ...sharedOptions['redirect-uri'], defaultText: 'http://localhost:<port>/callback' },
    'token-file': sharedOptions['token-file'],
    'no-open': { type: 'boolean', description: 'print the URL but do not open a browser' },
    timeout: { type: 'string', valueName: '<duration>', description: 'give up after this long: 300, 90s, 5m (at most 10m)', defaultText: '5m' },
    'base-url': sharedOptions['base-url'],
    json: jsonOption,
  },
  examples: [
    'netatmo-connect login --client-id 5f… --scope read_station,read_thermostat',
    'NETATMO_CLIENT_ID=… NETATMO_CLIENT_SECRET=… netatmo-connect login --no-open --token-file ~/.config/netatmo/token.json',
  ],
  async run(context) {
    const clientId = clientIdOf(context);
    const clientSecret = clientSecretOf(context);
    const scopes = resolveScopes(context.io, listOption(context, 'scope'));
    const portText = stringOption(context, 'port');
    let port: number | undefined;
    if (portText !== undefined) {
      port = Number(portText);
      if (!/^\d+$/.test(portText) || port > 65_535) throw new UsageError(`--port must be a port number 1–65535 (0 picks a free one), got '${portText}'`);
    }
    const timeoutText = stringOption(context, 'timeout');
    const timeoutMs = timeoutText === undefined ? DEFAULT_TIMEOUT_MS : parseDuration(timeoutText);
    if (timeoutMs === undefined || timeoutMs > MAX_TIMEOUT_MS) {
      throw new UsageError(`--timeout must be a duration up to 10m such as 300, 90s or 5m, got '${timeoutText}' (Netatmo's codes expire after 10 minutes)`);
    }
    const tokenFile = tokenFileOf(context);
    await runLoginFlow({
      io: context.io,
      clientId,
      clientSecret,
      baseUrl: baseUrlOf(context),
      scopes,
      redirectUri: redirectUriOf(context),
      port,
      store: new FileTokenStore(tokenFile, { logger: stderrLogger(context) }),
      tokenFile,
      timeoutMs,
      open: context.values['no-open'] !== true,
      json: wantsJson(context),
    });
    return ExitCode.ok;
  },
};

