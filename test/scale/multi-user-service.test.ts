import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { startMultiUserService, type MultiUserService } from '../../examples/multi-user-service.js';
import { fakeNetatmo } from '../helpers/setup.js';
import { useRedisServer } from '../helpers/redis-server.js';

/** Debian's Chromium, launched as test/browser/login-in-chromium.test.ts does. */
const executablePath = '/usr/bin/chromium';
const redis = useRedisServer();
let browser: Browser;
const services: MultiUserService[] = [];

beforeAll(async () => {
  if (!existsSync(executablePath)) throw new Error(`${executablePath} is missing: apt-get install -y chromium (.ci/run does this)`);
  browser = await chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}, 120_000);

afterEach(async () => {
  await Promise.all(services.splice(0).map((service) => service.close()));
});

afterAll(async () => {
  await browser?.close();
});

test('two users connect their Netatmo through Chromium, the callback landing on another copy of the service, and each sees their own readings', async () => {
  const fake = await fakeNetatmo(); // no autoApprove: the fake shows its consent page
  const start = (publicUrl?: string) =>
    startMultiUserService({ clientId: fake.clientId, clientSecret: fake.clientSecret, baseUrl: fake.url, redis: redis.connect(), port: 0, ...(publicUrl && { publicUrl }) });
  // Two copies behind an imaginary load balancer: B receives the callbacks, A the first click.
  const copyB = await start();
  const copyA = await start(copyB.url);
  services.push(copyA, copyB);

  const page = await browser.newPage();
  try {
    for (const user of ['alice', 'bob']) {
      await page.goto(`${copyA.url}/connect?user=${user}`);
      expect(await page.title()).toBe('Authorize application · fake Netatmo');
      await Promise.all([page.waitForURL(new RegExp(`^${copyB.url}/readings\\?user=${user}$`)), page.click('#accept')]);
      expect(await page.textContent('h1')).toBe(`Readings of ${user}`);
      expect(await page.locator('li').count()).toBe(24);
      expect(await page.locator('li').first().textContent()).toBe('MyStation: 24.6 °C, 36 %, 749 ppm CO2, 37 dB, 1017.3 mbar');
    }

    // A forged callback is refused, and no token request is made for it.
    const tokenRequests = fake.count('oauth2/token');
    const forged = await page.goto(`${copyB.url}/callback?state=${'A'.repeat(80)}&code=stolen`);
    expect(forged?.status()).toBe(400);
    expect(await page.textContent('p')).toMatch(/^The authorization state is not one this app made/);
    expect(fake.count('oauth2/token')).toBe(tokenRequests);
  } finally {
    await page.close();
  }

  const connection = redis.connect();
  expect((await connection.keys('netatmo:tokens:*')).sort()).toEqual(['netatmo:tokens:alice', 'netatmo:tokens:bob']);
  const saved = await Promise.all(['alice', 'bob'].map(async (user) => JSON.parse((await connection.get(`netatmo:tokens:${user}`))!) as { refreshToken: string }));
  expect(fake.liveRefreshTokens().sort()).toEqual(saved.map((tokens) => tokens.refreshToken).sort());
  expect(fake.userOf(saved[0]!.refreshToken)).not.toBe(fake.userOf(saved[1]!.refreshToken));
  expect(fake.count('oauth2/token')).toBe(2);
  expect(fake.count('getstationsdata')).toBe(2);
  expect((await connection.keys('netatmo-connect:limits:*')).length).toBeGreaterThanOrEqual(4);
}, 60_000);
