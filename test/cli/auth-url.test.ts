import { beforeAll, expect, test } from 'vitest';
import { ensureBuilt, runCliProcess } from './cli-harness.js';

beforeAll(ensureBuilt, 120_000);

test('auth-url prints only the authorize URL on stdout, with the default redirect URI, read_station and a 256-bit state', async () => {
  const run = await runCliProcess(['auth-url', '--client-id', 'my-app'], { env: { NETATMO_CLIENT_SECRET: 'the-secret-value' } });
  expect(run.code).toBe(0);
  const lines = run.stdout.split('\n');
  expect(lines).toHaveLength(2);
  const url = new URL(lines[0]!);
  expect(`${url.origin}${url.pathname}`).toBe('https://api.netatmo.com/oauth2/authorize');
  expect(url.searchParams.get('client_id')).toBe('my-app');
  expect(url.searchParams.get('redirect_uri')).toBe('http://localhost:8787/callback');
  expect(url.searchParams.get('scope')).toBe('read_station');
  expect(url.searchParams.get('response_type')).toBe('code');
  expect(url.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(run.stderr).toContain(`State: ${url.searchParams.get('state')}`);
  // The secret is in the environment but must never reach a URL or the terminal.
  expect(run.stdout + run.stderr).not.toContain('the-secret-value');
  expect(url.searchParams.has('client_secret')).toBe(false);
});

test('auth-url takes scopes repeated and comma-separated, and a custom redirect URI', async () => {
  const run = await runCliProcess([
    'auth-url', '--client-id', 'my-app', '--scope', 'read_station,read_thermostat', '--scope', 'write_thermostat', '--redirect-uri', 'https://example.com/netatmo/',
  ]);
  expect(run.code).toBe(0);
  const url = new URL(run.stdout.trim());
  expect(url.searchParams.get('scope')).toBe('read_station read_thermostat write_thermostat');
  expect(url.searchParams.get('redirect_uri')).toBe('https://example.com/netatmo/');
});

test('two auth-url runs get different states', async () => {
  const [first, second] = await Promise.all([runCliProcess(['auth-url', '--client-id', 'a']), runCliProcess(['auth-url', '--client-id', 'a'])]);
  expect(new URL(first.stdout.trim()).searchParams.get('state')).not.toBe(new URL(second.stdout.trim()).searchParams.get('state'));
});

test('a malformed scope is a usage error (exit 2); an unknown but well-formed one is passed on with a warning', async () => {
  const bad = await runCliProcess(['auth-url', '--client-id', 'a', '--scope', 'read station!']);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain("--scope 'station!' is not a Netatmo scope");
  const unknown = await runCliProcess(['auth-url', '--client-id', 'a', '--scope', 'read_future_thing']);
  expect(unknown.code).toBe(0);
  expect(unknown.stderr).toContain("warning: 'read_future_thing' is not a scope Netatmo documents");
  expect(new URL(unknown.stdout.trim()).searchParams.get('scope')).toBe('read_future_thing');
});

test('a relative --redirect-uri is a usage error', async () => {
  const run = await runCliProcess(['auth-url', '--client-id', 'a', '--redirect-uri', '/callback']);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain("--redirect-uri must be an absolute URL such as http://localhost:8787/callback, got '/callback'");
});
