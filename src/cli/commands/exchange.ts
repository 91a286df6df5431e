import { FileTokenStore } from '../../auth/file-token-store.js';
import { authErrorFromRedirect, constantTimeEqual, exchangeCode } from '../../auth/oauth.js';
import { CliError, UsageError } from '../cli-error.js';
import { jsonOption, stringOption, wantsJson, type CommandSpec } from '../command.js';
import { DEFAULT_REDIRECT_URI, baseUrlOf, clientIdOf, clientSecretOf, redirectUriOf, sharedOptions, stderrLogger, tokenFileOf } from '../connection.js';
import { ExitCode } from '../exit-codes.js';
import { sayJson } from '../io.js';
import { reportTokens, tokenSummary } from '../login-flow.js';

export const exchangeCommand: CommandSpec = {
  name: 'exchange',
  summary: 'trade a code (or the whole redirect URL) for tokens',
  description:
    "Exchanges an authorization code for tokens and writes the token file (mode 0600). Pass the bare code, or the whole URL the browser landed on after `auth-url` (…/callback?code=…&state=…): the redirect URI is then taken from it. Codes work once and expire within about 10 minutes. Pass - to read it from stdin.",
  positionals: [{ name: 'code-or-url', description: 'the code, or the whole redirect URL from the address bar, or - for stdin', required: true }],
  options: {
    'client-id': sharedOptions['client-id'],
    'client-secret': sharedOptions['client-secret'],
    'redirect-uri': { ...sharedOptions['redirect-uri'], defaultText: `taken from the URL, else ${DEFAULT_REDIRECT_URI}` },
    'token-file': sharedOptions['token-file'],
    state: { type: 'string', valueName: '<state>', description: 'the state `auth-url` printed; the URL must carry the same one' },
    'base-url': sharedOptions['base-url'],
    json: jsonOption,
  },
  examples: ["netatmo-connect exchange 'http://localhost:8787/callback?state=…&code=…'", 'netatmo-connect exchange 1234abcd… --redirect-uri https://example.com/netatmo'],
  async run(context) {
    let input = context.positionals[0]!.trim();
    if (input === '-') input = (await context.io.readStdin()).trim();
    const clientId = clientIdOf(context);
    const clientSecret = clientSecretOf(context);
    const pasted = parsePasted(input);
    const expectedState = stringOption(context, 'state');
    if (expectedState !== undefined && (pasted.state === undefined || !constantTimeEqual(pasted.state, expectedState))) {
      throw new CliError(
        pasted.state === undefined
          ? 'the pasted input carries no state, but --state was given: paste the whole URL from the address bar'
          : 'the state in the URL does not match --state: this URL comes from another login (or was forged); run auth-url again',
        ExitCode.auth,
      );
    }
    if (pasted.error) throw authErrorFromRedirect(pasted.error, pasted.errorDescription);
    const redirectUri = redirectUriOf(context) ?? pasted.redirectUri ?? DEFAULT_REDIRECT_URI;
    const tokenFile = tokenFileOf(context);
    const tokens = await exchangeCode({ clientId, clientSecret, code: pasted.code!, redirectUri, baseUrl: baseUrlOf(context) });
    await new FileTokenStore(tokenFile, { logger: stderrLogger(context) }).save(tokens);
    if (wantsJson(context)) sayJson(context.io, tokenSummary(tokens, tokenFile));
    else reportTokens(context.io, tokens, tokenFile);
    return ExitCode.ok;
  },
};

interface Pasted {
  code?: string;
  state?: string;
  error?: string;
  errorDescription?: string;
  /** The URL without its query: what Netatmo redirected to. */
  redirectUri?: string;
}

/** A bare code, a whole redirect URL, or just its query string (`?code=…&state=…`). */
function parsePasted(input: string): Pasted {
  if (input === '') throw new UsageError('<code-or-url> is empty: paste the code, or the whole URL from the address bar');
  let query: URLSearchParams | undefined;
  let redirectUri: string | undefined;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(input)) {
    let url: URL;
    try {
      url = new URL(input);
    } catch {
      throw new UsageError(`'${input}' looks like a URL but cannot be parsed: paste the whole URL from the address bar, quoted`);
    }
    query = url.searchParams;
    redirectUri = `${url.origin}${url.pathname}`;
  } else if (/(^|[?&])(code|error|state)=/.test(input)) {
    query = new URLSearchParams(input.replace(/^\?/, ''));
  }
  if (!query) {
    if (!/^[A-Za-z0-9._~|-]+$/.test(input)) {
      throw new UsageError(`'${input}' is neither a code nor a URL: paste the value of code= from the address bar, or the whole URL (quoted)`);
    }
    return { code: input };
  }
  const pasted: Pasted = {};
  for (const [field, key] of [
    ['code', 'code'],
    ['state', 'state'],
    ['error', 'error'],
    ['error_description', 'errorDescription'],
  ] as const) {
    const value = query.get(field);
    if (value) pasted[key] = value;
  }
  if (redirectUri) pasted.redirectUri = redirectUri;
  if (!pasted.code && !pasted.error) {
    throw new UsageError('the URL has no code= parameter: copy the address bar after accepting on the Netatmo page (it ends with &code=…)');
  }
  return pasted;
}
