import { beforeAll, describe, expect, test } from 'vitest';
import { ensureBuilt, runCliProcess } from './cli-harness.js';

beforeAll(ensureBuilt, 120_000);

const commands = ['login', 'auth-url', 'exchange', 'token status', 'token refresh', 'token import', 'stations', 'export', 'demo'];

describe('every command has --help', () => {
  for (const name of commands) {
    test(`'${name} --help' prints its usage, options and exit codes, and exits 0`, async () => {
      const run = await runCliProcess([...name.split(' '), '--help']);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^Usage: netatmo-connect ${name}`));
      expect(run.stdout).toContain('-h, --help');
      expect(run.stdout).toContain('Exit codes:\n  0    success\n  1    runtime failure');
      expect(run.stderr).toBe('');
    });
  }
});

test('--help lists every command, the NETATMO_* variables and the exit codes', async () => {
  const run = await runCliProcess(['--help']);
  expect(run.code).toBe(0);
  for (const name of commands) expect(run.stdout).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
  for (const variable of ['NETATMO_CLIENT_ID', 'NETATMO_CLIENT_SECRET', 'NETATMO_TOKEN_FILE', 'NETATMO_BASE_URL']) expect(run.stdout).toContain(variable);
  expect(run.stdout).toContain('4    login timed out waiting for the browser');
});

test('--version prints the package version', async () => {
  const run = await runCliProcess(['--version']);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
});

test('no command prints the usage on stderr and exits 2', async () => {
  const run = await runCliProcess([]);
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toContain('Usage: netatmo-connect <command> [options]');
});

test('an unknown command is refused with the usage and exit code 2', async () => {
  const run = await runCliProcess(['logn']);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/^netatmo-connect: unknown command 'logn': did you mean 'login'\?\n\nUsage: netatmo-connect <command>/);
});

describe('unknown flags are refused with the usage', () => {
  for (const name of commands) {
    test(`'${name} --bogus' exits 2 naming the flag and printing the usage`, async () => {
      const run = await runCliProcess([...name.split(' '), '--bogus']);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(`netatmo-connect ${name}: unknown option '--bogus' for '${name}'`);
      expect(run.stderr).toContain(`Usage: netatmo-connect ${name}`);
      expect(run.stderr).toContain(`Run \`netatmo-connect ${name} --help\` for more.`);
    });
  }
});

test('a string option without its value is a usage error that shows the expected form', async () => {
  const run = await runCliProcess(['auth-url', '--client-id']);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain("netatmo-connect auth-url: option '--client-id' needs a value (--client-id <id>)");
});

test("a value starting with '-' after a space is a usage error that shows the '=' form, which works", async () => {
  const run = await runCliProcess(['auth-url', '--client-id', '-app', '--json']);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain("netatmo-connect auth-url: the value after '--client-id' starts with '-', so it reads as an option: write it as --client-id=<value>");
  const fixed = await runCliProcess(['auth-url', '--client-id=-app', '--json']);
  expect(fixed.code).toBe(0);
  expect(new URL((JSON.parse(fixed.stdout) as { url: string }).url).searchParams.get('client_id')).toBe('-app');
});

test('a stray argument is a usage error', async () => {
  const run = await runCliProcess(['stations', 'extra']);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain("netatmo-connect stations: unexpected argument 'extra': 'stations' takes no arguments");
});

test("'token' alone exits 2 listing its subcommands; an unknown subcommand exits 2", async () => {
  const alone = await runCliProcess(['token']);
  expect(alone.code).toBe(2);
  expect(alone.stderr).toContain('Usage: netatmo-connect token <status|refresh|import> [options]');
  const unknown = await runCliProcess(['token', 'revoke']);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toContain("unknown subcommand 'revoke'");
});

test('a missing client id names the flag, its environment variable and where to find it (exit 2)', async () => {
  const run = await runCliProcess(['auth-url']);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain(
    'netatmo-connect auth-url: missing --client-id (or set NETATMO_CLIENT_ID): copy it from your app at dev.netatmo.com → My apps',
  );
});

test('options fall back to NETATMO_CLIENT_ID and NETATMO_BASE_URL', async () => {
  const run = await runCliProcess(['auth-url'], { env: { NETATMO_CLIENT_ID: 'env-client', NETATMO_BASE_URL: 'http://127.0.0.1:9/' } });
  expect(run.code).toBe(0);
  const url = new URL(run.stdout.trim());
  expect(url.origin).toBe('http://127.0.0.1:9');
  expect(url.searchParams.get('client_id')).toBe('env-client');
});

test('a malformed --base-url is a usage error', async () => {
  const run = await runCliProcess(['auth-url', '--client-id', 'x', '--base-url', 'api.netatmo.com']);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain("--base-url must be an absolute URL such as https://api.netatmo.com, got 'api.netatmo.com'");
});
