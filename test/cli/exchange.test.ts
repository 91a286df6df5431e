import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import { fingerprint } from '../../src/index.js';
import type { FakeNetatmo } from '../../src/testing/index.js';
import { fakeNetatmo } from '../helpers/setup.js';
import { ensureBuilt, runCliProcess, tempFolder } from './cli-harness.js';

beforeAll(ensureBuilt, 120_000);

/** auth-url, then the "browser" on the (auto-approving) fake: returns what the address bar would show. */
async function addressBarAfterConsent(fake: FakeNetatmo, extraArgs: string[] = []): Promise<{ redirect: string; state: string }> {
  const run = await runCliProcess(['auth-url', '--client-id', fake.clientId, '--base-url', fake.url, ...extraArgs]);
  expect(run.code).toBe(0);
  const url = run.stdout.trim();
  const response = await fetch(url, { redirect: 'manual' });
  expect(response.status).toBe(302);
  return { redirect: response.headers.get('location')!, state: new URL(url).searchParams.get('state')! };
}

function credentials(fake: FakeNetatmo, folder: string): { args: string[]; env: Record<string, string> } {
  return {
    args: ['--client-id', fake.clientId, '--base-url', fake.url, '--token-file', join(folder, 'token.json')],
    env: { NETATMO_CLIENT_SECRET: fake.clientSecret },
  };
}

test('exchange accepts the whole redirect URL from the address bar and writes the token file with mode 0600', async () => {
  const fake = await fakeNetatmo({ autoApprove: true });
  const folder = await tempFolder();
  const { redirect, state } = await addressBarAfterConsent(fake, ['--scope', 'read_station,read_homecoach']);
  expect(redirect).toMatch(/^http:\/\/localhost:8787\/callback\?state=.+&code=[0-9a-f]{32}$/);
  const { args, env } = credentials(fake, folder);
  const run = await runCliProcess(['exchange', redirect, '--state', state, ...args], { env });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const file = join(folder, 'token.json');
  expect((await stat(file)).mode & 0o777).toBe(0o600);
  const saved = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  expect(Object.keys(saved).sort()).toEqual(['access_token', 'expiry', 'issued_at', 'refresh_token', 'scope', 'token_type']);
  expect(saved['scope']).toEqual(['read_station', 'read_homecoach']);
  expect(fake.liveRefreshTokens()).toEqual([saved['refresh_token']]);
  // The token exchange sent the redirect URI taken from the pasted URL.
  const tokenRequest = fake.requests.find((request) => request.endpoint === 'oauth2/token')!;
  expect(tokenRequest.params['redirect_uri']).toBe('http://localhost:8787/callback');
  expect(tokenRequest.params['grant_type']).toBe('authorization_code');
  expect(run.stdout).toContain('Authorized for read_station, read_homecoach.');
  expect(run.stdout).toContain(`Refresh token fingerprint: ${fingerprint(saved['refresh_token'] as string)}`);
  expect(run.stdout).toContain(`Token file written: ${file} (mode 0600)`);
  // Never a token or the secret on the terminal.
  expect(run.stdout).not.toContain(saved['refresh_token'] as string);
  expect(run.stdout).not.toContain(saved['access_token'] as string);
  expect(run.stdout).not.toContain(fake.clientSecret);
});

test('exchange accepts a bare code with --redirect-uri, and the code from stdin with -', async () => {
  const fake = await fakeNetatmo({ autoApprove: true });
  const folder = await tempFolder();
  const { args, env } = credentials(fake, folder);
  const first = await addressBarAfterConsent(fake, ['--redirect-uri', 'https://example.com/cb/']);
  const code = new URL(first.redirect).searchParams.get('code')!;
  const bare = await runCliProcess(['exchange', code, '--redirect-uri', 'https://example.com/cb/', ...args], { env });
  expect(bare.code).toBe(0);
  const second = await addressBarAfterConsent(fake);
  const piped = await runCliProcess(['exchange', '-', ...args], { env, stdin: `${second.redirect}\n` });
  expect(piped.code).toBe(0);
  expect(fake.count('oauth2/token')).toBe(2);
});

test('a code used twice fails with exit 3 and says codes are single-use and expire in about 10 minutes', async () => {
  const fake = await fakeNetatmo({ autoApprove: true });
  const folder = await tempFolder();
  const { args, env } = credentials(fake, folder);
  const { redirect } = await addressBarAfterConsent(fake);
  expect((await runCliProcess(['exchange', redirect, ...args], { env })).code).toBe(0);
  const again = await runCliProcess(['exchange', redirect, ...args], { env });
  expect(again.code).toBe(3);
  expect(again.stderr).toContain('invalid_grant');
  expect(again.stderr).toContain('Authorization codes are single-use and expire within about 10 minutes: run login again');
});

test('a redirect URI that differs from the authorize one fails with exit 3 and the exact-match hint', async () => {
  const fake = await fakeNetatmo({ autoApprove: true });
  const folder = await tempFolder();
  const { args, env } = credentials(fake, folder);
  const { redirect } = await addressBarAfterConsent(fake);
  const run = await runCliProcess(['exchange', redirect, '--redirect-uri', 'http://localhost:8787/callback/', ...args], { env });
  expect(run.code).toBe(3);
  expect(run.stderr).toContain('redirect_uri_mismatch');
  expect(run.stderr).toContain('must match the one set for your app at dev.netatmo.com → My apps exactly, trailing slash included');
});

test('a wrong client secret fails with exit 3, the invalid_client hint, and the secret never printed', async () => {
  const fake = await fakeNetatmo({ autoApprove: true });
  const folder = await tempFolder();
  const { args } = credentials(fake, folder);
  const { redirect } = await addressBarAfterConsent(fake);
  const run = await runCliProcess(['exchange', redirect, ...args], { env: { NETATMO_CLIENT_SECRET: 'wrong-secret-123' } });
  expect(run.code).toBe(3);
  expect(run.stderr).toContain('invalid_client');
  expect(run.stderr).toContain('check both at dev.netatmo.com → My apps');
  expect(run.stderr).toContain('or the app was deactivated');
  expect(run.stdout + run.stderr).not.toContain('wrong-secret-123');
});

test('a pasted URL carrying error=access_denied exits 3 saying the user declined, without calling the token endpoint', async () => {
  const fake = await fakeNetatmo();
  const folder = await tempFolder();
  const { args, env } = credentials(fake, folder);
  const run = await runCliProcess(['exchange', 'http://localhost:8787/callback?state=abc&error=access_denied', ...args], { env });
  expect(run.code).toBe(3);
  expect(run.stderr).toContain('access_denied');
  expect(run.stderr).toContain('The user declined access');
  expect(fake.count('oauth2/token')).toBe(0);
});

test('a URL whose state differs from --state is refused with exit 3 before any token request', async () => {
  const fake = await fakeNetatmo({ autoApprove: true });
  const folder = await tempFolder();
  const { args, env } = credentials(fake, folder);
  const { redirect } = await addressBarAfterConsent(fake);
  const run = await runCliProcess(['exchange', redirect, '--state', 'x'.repeat(43), ...args], { env });
  expect(run.code).toBe(3);
  expect(run.stderr).toContain('the state in the URL does not match --state');
  expect(fake.count('oauth2/token')).toBe(0);
});

test('a URL without code= and a missing argument are usage errors (exit 2)', async () => {
  const fake = await fakeNetatmo();
  const folder = await tempFolder();
  const { args, env } = credentials(fake, folder);
  const noCode = await runCliProcess(['exchange', 'http://localhost:8787/callback?state=abc', ...args], { env });
  expect(noCode.code).toBe(2);
  expect(noCode.stderr).toContain('the URL has no code= parameter');
  const missing = await runCliProcess(['exchange', ...args], { env });
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain('missing <code-or-url>');
});
