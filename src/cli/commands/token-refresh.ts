import { fingerprint } from '../../auth/token-set.js';
import { CliError } from '../cli-error.js';
import type { CommandSpec } from '../command.js';
import { openClient, sharedOptions } from '../connection.js';
import { ExitCode } from '../exit-codes.js';
import { isoTime, relativeTime } from '../format.js';
import { say } from '../io.js';

export const tokenRefreshCommand: CommandSpec = {
  name: 'token refresh',
  summary: 'refresh now and save the rotated refresh token',
  description:
    'Refreshes the access token now, whatever its expiry, under the token file lock, and saves the new pair before printing. Before asking Netatmo it makes sure the token file can be written (a full disk or a read-only folder fails here, with the old tokens untouched), and after the refresh it reads the file back: it prints "saved" only when the file holds the new pair. Netatmo rotates the refresh token on every refresh and kills the old one at once: any other copy of the old token stops working. Exits 1 when the tokens could not be saved, 3 when the refresh token is dead (run login).',
  options: {
    'client-id': sharedOptions['client-id'],
    'client-secret': sharedOptions['client-secret'],
    'token-file': sharedOptions['token-file'],
    'base-url': sharedOptions['base-url'],
  },
  async run(context) {
    const { client, store, tokenFile } = openClient(context);
    const before = await store.load();
    const tokens = await client.tokens.refresh();
    // The file, not the promise, says whether the new pair survives this process: "saved" is
    // printed only when the file holds what Netatmo has just issued.
    const saved = await store.load().catch(() => undefined);
    if (!tokens.accessToken || tokens.accessToken === before?.accessToken) {
      throw new CliError(
        `The refresh was not confirmed: ${tokenFile} still holds the previous access token (fingerprint ${fingerprint(before?.accessToken)}). Run \`netatmo-connect token status\`; if the refresh token is dead, run \`netatmo-connect login\`.`,
      );
    }
    if (saved?.accessToken !== tokens.accessToken || saved.refreshToken !== tokens.refreshToken) {
      throw new CliError(
        `Netatmo issued new tokens (refresh token fingerprint ${fingerprint(tokens.refreshToken)}), but ${tokenFile} holds ${saved ? `refresh token ${fingerprint(saved.refreshToken)}` : 'no token'}: they were not saved, or another process replaced them meanwhile. Run \`netatmo-connect token status\`; if the refresh token is dead, run \`netatmo-connect login\`.`,
      );
    }
    say(context.io, `Refreshed; saved to ${tokenFile}.`);
    if (tokens.expiresAt !== undefined) say(context.io, `Access token valid until ${isoTime(tokens.expiresAt)} (${relativeTime(tokens.expiresAt, Date.now())}).`);
    const previous = fingerprint(before?.refreshToken);
    const next = fingerprint(tokens.refreshToken);
    say(context.io, previous === next ? `Refresh token unchanged (fingerprint ${next}).` : `Refresh token rotated: ${previous} → ${next}.`);
    return ExitCode.ok;
  },
};
