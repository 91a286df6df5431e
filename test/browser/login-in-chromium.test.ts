import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { fakeNetatmo } from '../helpers/setup.js';
import { authorizeUrlLine, ensureBuilt, startCli, tempFolder } from '../cli/cli-harness.js';

/** Debian's Chromium; `.ci/run` installs it with apt-get when it is missing. */
const executablePath = '/usr/bin/chromium';

let browser: Browser;

beforeAll(async () => {
  if (!existsSync(executablePath)) throw new Error(`${executablePath} is missing: apt-get install -y chromium (.ci/run does this)`);
  await ensureBuilt();
  browser = await chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      // login listens on 127.0.0.1 only while the redirect URI says localhost. Where localhost
      // resolves to ::1 first, Chromium falls back to 127.0.0.1 after a refused connection; this
      // rule makes that first try land on 127.0.0.1 so the test does not depend on the host's resolver.
      '--host-resolver-rules=MAP localhost 127.0.0.1',
    ],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

async function startLogin(): Promise<{ login: ReturnType<typeof startCli>; url: string; tokenFile: string; fake: Awaited<ReturnType<typeof fakeNetatmo>> }> {
  const fake = await fakeNetatmo(); // no autoApprove: the fake shows its consent page
  const folder = await tempFolder();
  const tokenFile = join(folder, 'netatmo-token.json');
  const login = startCli(['login', '--client-id', fake.clientId, '--port', '0', '--no-open', '--base-url', fake.url, '--token-file', tokenFile], {
    env: { NETATMO_CLIENT_SECRET: fake.clientSecret },
  });
  const url = (await login.waitForStdout(authorizeUrlLine))[1]!;
  return { login, url, tokenFile, fake };
}

test('Chromium opens the URL login prints, clicks Accept, lands on the CLI callback, and the token file appears', async () => {
  const { login, url, tokenFile, fake } = await startLogin();
  const page = await browser.newPage();
  try {
    await page.goto(url);
    await expect.poll(() => page.title()).toBe('Authorize application · fake Netatmo');
    await Promise.all([page.waitForURL(/\/callback\?/), page.click('#accept')]);
    expect(new URL(page.url()).hostname).toBe('localhost');
    expect(await page.textContent('h1')).toBe('Logged in');
    expect(await page.textContent('body')).toContain('You can close this tab. Login has finished, so the terminal can be closed too.');
  } finally {
    await page.close();
  }
  const run = await login.done;
  expect(run.code).toBe(0);
  expect((await stat(tokenFile)).mode & 0o777).toBe(0o600);
  const saved = JSON.parse(await readFile(tokenFile, 'utf8')) as { refresh_token: string };
  expect(fake.liveRefreshTokens()).toEqual([saved.refresh_token]);
  expect(fake.count('oauth2/token')).toBe(1);
});

test('in Chromium, a callback with a forged state is refused with 400 and the login goes on to succeed', async () => {
  const { login, url, tokenFile, fake } = await startLogin();
  const callback = new URL(new URL(url).searchParams.get('redirect_uri')!);
  const page = await browser.newPage();
  try {
    const forged = await page.goto(`${callback.href}?state=${'f'.repeat(43)}&code=stolen-code`);
    expect(forged?.status()).toBe(400);
    expect(await page.textContent('h1')).toBe('Callback refused');
    await login.waitForStderr(/Refused a callback \(HTTP 400\): its state does not match this login/);
    expect(fake.count('oauth2/token')).toBe(0);
    await expect(stat(tokenFile)).rejects.toThrow(/ENOENT/);

    await page.goto(url);
    await Promise.all([page.waitForURL(/\/callback\?/), page.click('#accept')]);
    expect(await page.textContent('h1')).toBe('Logged in');
  } finally {
    await page.close();
  }
  const run = await login.done;
  expect(run.code).toBe(0);
  expect(JSON.parse(await readFile(tokenFile, 'utf8'))).toHaveProperty('refresh_token');
});

test('in Chromium, Decline ends login with exit 3 and no token file', async () => {
  const { login, url, tokenFile } = await startLogin();
  const page = await browser.newPage();
  try {
    await page.goto(url);
    await Promise.all([page.waitForURL(/\/callback\?/), page.click('#decline')]);
    expect(await page.textContent('body')).toContain('The user declined access on the Netatmo page');
  } finally {
    await page.close();
  }
  const run = await login.done;
  expect(run.code).toBe(3);
  await expect(stat(tokenFile)).rejects.toThrow(/ENOENT/);
});
