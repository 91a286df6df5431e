import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileTokenStore } from '../../auth/file-token-store.js';
import { fingerprint } from '../../auth/token-set.js';
import { createNetatmoClient } from '../../client.js';
import { startFakeNetatmo } from '../../testing/fake-netatmo.js';
import { CliError } from '../cli-error.js';
import type { CommandSpec } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { isoTime } from '../format.js';
import { say, type CliIo } from '../io.js';

export const demoCommand: CommandSpec = {
  name: 'demo',
  summary: 'everything above against a built-in fake Netatmo, no account needed',
  description:
    "Starts the fake Netatmo from netatmo-connect/testing on 127.0.0.1 and runs the real commands against it, with a token file in a temporary folder: login (the fake's consent page approves at once), token status, stations, an export, then a forced expiry that shows the refresh and the refresh-token rotation it causes. Nothing leaves this machine; the temporary folder is deleted at the end.",
  options: {},
  async run(context) {
    const { io } = context;
    const fake = await startFakeNetatmo({ autoApprove: true });
    const folder = await mkdtemp(join(tmpdir(), 'netatmo-connect-demo-'));
    const tokenFile = join(folder, 'netatmo-token.json');
    // The secret travels in the environment, as we recommend, so no printed command line shows it.
    const env = { ...io.env, NETATMO_CLIENT_ID: fake.clientId, NETATMO_CLIENT_SECRET: fake.clientSecret, NETATMO_TOKEN_FILE: tokenFile, NETATMO_BASE_URL: fake.url };
    const demoIo: CliIo = {
      ...io,
      env,
      // The "browser": follows the authorize URL's redirects to login's callback, as a person clicking Accept would.
      openBrowser: async (url) => {
        void fetch(url).catch((error: unknown) => say(io, `(demo browser failed: ${String(error)})`));
        return true;
      },
    };
    const step = async (title: string, argv: string[]): Promise<void> => {
      say(io);
      say(io, `── ${title} ${'─'.repeat(Math.max(3, 72 - title.length))}`);
      say(io, `$ netatmo-connect ${argv.join(' ')}`);
      const code = await context.runCli(argv, demoIo);
      if (code !== ExitCode.ok) throw new CliError(`demo: '${argv.join(' ')}' exited with ${code}`);
    };

    try {
      say(io, 'netatmo-connect demo: the CLI against a built-in fake Netatmo (no account; nothing leaves this machine).');
      say(io, `Fake Netatmo on ${fake.url}; client id ${fake.clientId}; the secret and these settings come from NETATMO_* variables.`);
      say(io, `Token file: ${tokenFile}`);

      await step('1. login (the fake approves at once)', ['login', '--port', '0', '--scope', 'read_station']);
      await step('2. token status', ['token', 'status']);
      await step('3. stations', ['stations']);

      const client = createNetatmoClient({ clientId: fake.clientId, clientSecret: fake.clientSecret, baseUrl: fake.url, tokenStore: new FileTokenStore(tokenFile) });
      const { devices } = await client.station.getStationsData();
      const station = devices.find((device) => device.modules?.some((module) => module.type === 'NAModule1')) ?? devices[0];
      const outdoor = station?.modules?.find((module) => module.type === 'NAModule1');
      if (station) {
        await step(`4. export: 6 hours of ${outdoor?.module_name ?? 'the base station'} at 30min scale`, [
          'export',
          '--device',
          station._id,
          ...(outdoor ? ['--module', outdoor._id] : []),
          '--types',
          'Temperature,Humidity',
          '--scale',
          '30min',
          '--from',
          '6h',
        ]);
      }

      say(io);
      say(io, `── 5. forced expiry: the refresh and the rotation it causes ${'─'.repeat(14)}`);
      const before = await new FileTokenStore(tokenFile).load();
      client.on('tokenRefreshed', ({ tokens, reason }) => {
        say(io, `event tokenRefreshed: reason '${reason}', new access token valid until ${tokens.expiresAt === undefined ? 'unknown' : isoTime(tokens.expiresAt)}`);
      });
      client.on('refreshTokenRotated', ({ tokens, previousFingerprint }) => {
        say(io, `event refreshTokenRotated: ${previousFingerprint} → ${fingerprint(tokens.refreshToken)} (saved to the token file before use)`);
      });
      say(io, 'The fake now expires every access token it issued; the next call gets HTTP 403 code 3.');
      fake.expireAccessTokens();
      const again = await client.station.getStationsData();
      say(io, `getstationsdata answered after the refresh: ${again.devices.length} stations.`);
      const after = await new FileTokenStore(tokenFile).load();
      const oldAlive = before?.refreshToken !== undefined && fake.liveRefreshTokens().includes(before.refreshToken);
      say(io, `Token file refresh token: ${fingerprint(before?.refreshToken)} → ${fingerprint(after?.refreshToken)}; the old one still accepted by Netatmo: ${oldAlive ? 'yes' : 'no'}.`);

      await step('6. token refresh (rotates again)', ['token', 'refresh']);
      say(io);
      say(io, 'Demo finished. With a real app: netatmo-connect login --client-id <id> (secret in NETATMO_CLIENT_SECRET).');
      return ExitCode.ok;
    } finally {
      await fake.close();
      await rm(folder, { recursive: true, force: true });
    }
  },
};
