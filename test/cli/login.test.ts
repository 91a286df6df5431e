import { createServer } from 'node:net';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import type { FakeNetatmo } from '../../src/testing/index.js';
import { fakeNetatmo } from '../helpers/setup.js';
import { authorizeUrlLine, ensureBuilt, runCliProcess, startCli, tempFolder, type CliChild } from './cli-harness.js';

beforeAll(ensureBuilt, 120_000);

async function startLogin(fake: FakeNetatmo, folder: string, extra: string[] = [], env: Record<string, string> = {}): Promise<{ login: CliChild; url: URL; callback: URL }> {
  const login = startCli(['login', '--client-id', fake.clientId, '--port', '0', '--no-open', '--base-url', fake.url, '--token-file', join(folder, 'token.json'), ...extra], {
    env: { NETATMO_CLIENT_SECRET: fake.clientSecret, ...env },
  });
  const url = new URL((await login.waitForStdout(authorizeUrlLine))[1]!);
  return { login, url, callback: new URL(url.searchParams.get('redirect_uri')!) };
}

test('login listens on 127.0.0.1 only, prints the authorize URL, and on consent writes the token file (0600), shows "you can close" and exits 0', async () => {
  const fake = await fakeNetatmo({ autoApprove: true });
  const folder = await tempFolder();
  const { login, url, callback } = await startLogin(fake, folder, ['--scope', 'read_station', '--scope', 'read_homecoach']);
  expect(url.searchParams.get('scope')).toBe('read_station read_homecoach');
  expect(callback.hostname).toBe('localhost');
  expect(callback.pathname).toBe('/callback');
  expect(login.stdout).toContain(`Listening on http://127.0.0.1:${callback.port}/callback for Netatmo's redirect to ${callback.href}`);
  // Not reachable on other addresses of this machine: the server is bound to 127.0.0.1.
  await expect(fetch(`http://127.0.0.2:${callback.port}/callback`)).rejects.toThrow();

  const page = await fetch(url); // follows the fake's 302 to the CLI's callback, as a browser would
  expect(page.status).toBe(200);
  expect(page.url).toMatch(new RegExp(`^http://localhost:${callback.port}/callback\\?state=`));
  expect(await page.text()).toContain('You can close this tab. Login has finished, so the terminal can be closed too.');
  const run = await login.done;
  expect(run.code).toBe(0);
  const file = join(folder, 'token.json');
  expect((await stat(file)).mode & 0o777).toBe(0o600);
  const saved = JSON.parse(await readFile(file, 'utf8')) as { refresh_token: string; access_token: string; scope: string[] };
  expect(saved.scope).toEqual(['read_station', 'read_homecoach']);
  expect(fake.liveRefreshTokens()).toEqual([saved.refresh_token]);
  expect(run.stdout).toContain(`Token file written: ${file} (mode 0600)`);
  expect(run.stdout + run.stderr).not.toContain(saved.refresh_token);
  expect(run.stdout + run.stderr).not.toContain(fake.clientSecret);
});

test('a callback with a wrong or missing state gets HTTP 400 and login keeps waiting for the real one', async () => {
  const fake = await fakeNetatmo({ autoApprove: true });
  const folder = await tempFolder();
  const { login, url, callback } = await startLogin(fake, folder);
  const forged = await fetch(`${callback.href}?state=${'A'.repeat(43)}&code=attacker-code`);
  expect(forged.status).toBe(400);
  expect(await forged.text()).toContain('its state does not match this login');
  const missing = await fetch(`${callback.href}?code=attacker-code`);
  expect(missing.status).toBe(400);
  expect(await missing.text()).toContain('it carries no state');
  await login.waitForStderr(/Refused a callback \(HTTP 400\): it carries no state/);
  expect(login.stderr).toContain('Refused a callback (HTTP 400): its state does not match this login. Still waiting');
  expect(fake.count('oauth2/token')).toBe(0);

  const real = await fetch(url);
  expect(real.status).toBe(200);
  const run = await login.done;
  expect(run.code).toBe(0);
  expect(fake.count('oauth2/token')).toBe(1);
});

test('the default redirect URI is http://localhost:8787/callback', async () => {
  const fake = await fakeNetatmo();
  const folder = await tempFolder();
  // 8787 may be taken on a developer machine; the URL is printed before anything could fail.
  const login = startCli(['login', '--client-id', fake.clientId, '--no-open', '--base-url', fake.url, '--token-file', join(folder, 't.json'), '--timeout', '1s'], {
    env: { NETATMO_CLIENT_SECRET: fake.clientSecret },
  });
  const run = await login.done;
  if (run.code === 1) {
    expect(run.stderr).toContain('port 8787 on 127.0.0.1 is in use');
    return;
  }
  const url = new URL(run.stdout.match(authorizeUrlLine)![1]!);
  expect(url.searchParams.get('redirect_uri')).toBe('http://localhost:8787/callback');
  expect(run.code).toBe(4);
});

test('declining on the consent page exits 3 saying the user declined, and writes no token file', async () => {
  const fake = await fakeNetatmo();
  const folder = await tempFolder();
  const { login, url } = await startLogin(fake, folder);
  // The fake's page posts the form back to /oauth2/authorize; this is the Decline button's request.
  const form = new URLSearchParams({
    client_id: url.searchParams.get('client_id')!,
    redirect_uri: url.searchParams.get('redirect_uri')!,
    scope: url.searchParams.get('scope')!,
    state: url.searchParams.get('state')!,
    decision: 'decline',
  });
  const page = await fetch(new URL('/oauth2/authorize', fake.url), { method: 'POST', body: form });
  expect(await page.text()).toContain('The user declined access on the Netatmo page');
  const run = await login.done;
  expect(run.code).toBe(3);
  expect(run.stderr).toContain('netatmo-connect login: Netatmo did not authorize the app: access_denied.');
  await expect(stat(join(folder, 'token.json'))).rejects.toThrow(/ENOENT/);
});

test('a refused code exchange (bad secret) exits 3 with the invalid_client hint and writes no file', async () => {
  const fake = await fakeNetatmo({ autoApprove: true });
  const folder = await tempFolder();
  const { login, url } = await startLogin(fake, folder, [], { NETATMO_CLIENT_SECRET: 'not-the-secret' });
  const page = await fetch(url);
  expect(page.status).toBe(502);
  const run = await login.done;
  expect(run.code).toBe(3);
  expect(run.stderr).toContain('invalid_client');
  expect(run.stdout + run.stderr).not.toContain('not-the-secret');
  await expect(stat(join(folder, 'token.json'))).rejects.toThrow(/ENOENT/);
});

test('a login without an answer times out with exit 4 and a message', async () => {
  const fake = await fakeNetatmo();
  const folder = await tempFolder();
  const { login } = await startLogin(fake, folder, ['--timeout', '1s']);
  const run = await login.done;
  expect(run.code).toBe(4);
  expect(run.stderr).toMatch(/netatmo-connect login: login timed out after 1 s without Netatmo's redirect to http:\/\/localhost:\d+\/callback\. Run login again/);
});

test('Ctrl-C (SIGINT) ends a waiting login with exit 130', async () => {
  const fake = await fakeNetatmo();
  const folder = await tempFolder();
  const { login } = await startLogin(fake, folder);
  login.kill('SIGINT');
  const run = await login.done;
  expect(run.code).toBe(130);
  expect(run.stderr).toContain('login interrupted; no token was written.');
});

test('a taken port exits 1 saying how to pick another', async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
  const port = (blocker.address() as { port: number }).port;
  try {
    const fake = await fakeNetatmo();
    const run = await runCliProcess(['login', '--client-id', 'a', '--client-secret', 'b', '--port', String(port), '--no-open', '--base-url', fake.url]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`port ${port} on 127.0.0.1 is in use (another login still running?): stop it, or pass --port <n> and set http://localhost:<n>/callback`);
  } finally {
    blocker.close();
  }
});

test('login opens the browser with $BROWSER unless --no-open', async () => {
  const fake = await fakeNetatmo();
  const folder = await tempFolder();
  const opened = join(folder, 'opened.txt');
  const opener = join(folder, 'browser.cjs');
  await writeFile(opener, `#!${process.execPath}\nrequire('fs').writeFileSync(${JSON.stringify(opened)}, process.argv[2]);\n`, { mode: 0o755 });
  const login = startCli(['login', '--client-id', fake.clientId, '--port', '0', '--base-url', fake.url, '--token-file', join(folder, 't.json'), '--timeout', '2s'], {
    env: { NETATMO_CLIENT_SECRET: fake.clientSecret, BROWSER: opener },
  });
  const url = (await login.waitForStdout(authorizeUrlLine))[1]!;
  await expect.poll(() => readFile(opened, 'utf8').catch(() => ''), { timeout: 5000 }).toBe(url);
  expect((await login.done).code).toBe(4);

  const { login: quiet } = await startLogin(fake, folder, ['--timeout', '1s'], { BROWSER: opener });
  await writeFile(opened, '');
  expect((await quiet.done).code).toBe(4);
  expect(await readFile(opened, 'utf8')).toBe('');
});

test('a missing opener does not fail login: the URL is printed and login keeps waiting', async () => {
  const fake = await fakeNetatmo();
  const folder = await tempFolder();
  const login = startCli(['login', '--client-id', fake.clientId, '--port', '0', '--base-url', fake.url, '--token-file', join(folder, 't.json'), '--timeout', '1s'], {
    env: { NETATMO_CLIENT_SECRET: fake.clientSecret, BROWSER: join(folder, 'no-such-browser') },
  });
  const run = await login.done;
  expect(run.stdout).toMatch(authorizeUrlLine);
  expect(run.stderr).toContain('Could not start a browser here: open the URL above yourself');
  expect(run.code).toBe(4);
});

test('bad login options are usage errors (exit 2): a non-loopback redirect URI, a port clash, a bad timeout', async () => {
  const base = ['login', '--client-id', 'a', '--client-secret', 'b', '--no-open'];
  const remote = await runCliProcess([...base, '--redirect-uri', 'https://example.com/callback']);
  expect(remote.code).toBe(2);
  expect(remote.stderr).toContain('login listens on 127.0.0.1 only, so --redirect-uri must be http://localhost:<port>/<path>');
  expect(remote.stderr).toContain('use `auth-url` and `exchange`');
  const clash = await runCliProcess([...base, '--redirect-uri', 'http://localhost:9000/cb', '--port', '9001']);
  expect(clash.code).toBe(2);
  expect(clash.stderr).toContain('--port 9001 does not match the port of --redirect-uri http://localhost:9000/cb (9000)');
  const timeout = await runCliProcess([...base, '--timeout', '11m']);
  expect(timeout.code).toBe(2);
  expect(timeout.stderr).toContain("--timeout must be a duration up to 10m such as 300, 90s or 5m, got '11m'");
  const port = await runCliProcess([...base, '--port', 'eighty']);
  expect(port.code).toBe(2);
  expect(port.stderr).toContain("--port must be a port number 1–65535 (0 picks a free one), got 'eighty'");
  const secret = await runCliProcess(['login', '--client-id', 'a']);
  expect(secret.code).toBe(2);
  expect(secret.stderr).toContain('missing --client-secret (or set NETATMO_CLIENT_SECRET)');
});

test('--redirect-uri on 127.0.0.1 with its own path is used as is, and its port is listened on', async () => {
  const fake = await fakeNetatmo({ autoApprove: true });
  const folder = await tempFolder();
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const redirectUri = `http://127.0.0.1:${port}/netatmo/done`;
  const login = startCli(['login', '--client-id', fake.clientId, '--redirect-uri', redirectUri, '--no-open', '--base-url', fake.url, '--token-file', join(folder, 't.json')], {
    env: { NETATMO_CLIENT_SECRET: fake.clientSecret },
  });
  const url = new URL((await login.waitForStdout(authorizeUrlLine))[1]!);
  expect(url.searchParams.get('redirect_uri')).toBe(redirectUri);
  expect(login.stdout).toContain(`Listening on http://127.0.0.1:${port}/netatmo/done`);
  expect((await fetch(url)).status).toBe(200);
  expect((await login.done).code).toBe(0);
});
