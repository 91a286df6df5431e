import { buildAuthorizeUrl } from '../../auth/oauth.js';
import { jsonOption, listOption, wantsJson, type CommandSpec } from '../command.js';
import { DEFAULT_REDIRECT_URI, baseUrlOf, clientIdOf, redirectUriOf, sharedOptions } from '../connection.js';
import { ExitCode } from '../exit-codes.js';
import { note, say, sayJson } from '../io.js';
import { resolveScopes } from '../scopes.js';

export const authUrlCommand: CommandSpec = {
  name: 'auth-url',
  summary: 'print the authorize URL (for machines without a browser)',
  description:
    "Prints Netatmo's authorize URL on stdout (and the state on stderr). Open it in a browser on any machine and accept; the browser then lands on the redirect URI, which may fail to load: that is fine. Copy the whole URL from its address bar and pass it to `netatmo-connect exchange` within 10 minutes.",
  options: {
    'client-id': sharedOptions['client-id'],
    'redirect-uri': sharedOptions['redirect-uri'],
    scope: sharedOptions.scope,
    'base-url': sharedOptions['base-url'],
    json: jsonOption,
  },
  examples: ['netatmo-connect auth-url --client-id 5f… --scope read_station', 'URL=$(netatmo-connect auth-url) && echo "$URL"', 'netatmo-connect auth-url --json | jq -r .state'],
  async run(context) {
    const { url, state } = buildAuthorizeUrl({
      clientId: clientIdOf(context),
      redirectUri: redirectUriOf(context) ?? DEFAULT_REDIRECT_URI,
      scopes: resolveScopes(context.io, listOption(context, 'scope')),
      baseUrl: baseUrlOf(context),
    });
    if (wantsJson(context)) {
      sayJson(context.io, { url, state });
      return ExitCode.ok;
    }
    say(context.io, url);
    note(context.io, `State: ${state}`);
    note(context.io, `Open the URL, accept, then run: netatmo-connect exchange "<the whole URL from the address bar>" --state=${state}`);
    return ExitCode.ok;
  },
};
