import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import { fingerprint } from '../../src/index.js';
import { fakeNetatmo } from '../helpers/setup.js';
import { ensureBuilt, runCliProcess, tempFolder } from './cli-harness.js';

beforeAll(ensureBuilt, 120_000);

const access = '5f0000000000000000000001|aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const refresh = '5f0000000000000000000001|bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';

test('import from a netatmo-exporter token file copies tokens, expiry and scope into a 0600 file', async () => {
  const folder = await tempFolder();
  const source = join(folder, 'exporter-token.json');
  await writeFile(source, JSON.stringify({ access_token: access, token_type: 'Bearer', refresh_token: refresh, expiry: '2026-03-01T10:00:00.123456789+01:00' }));
  const target = join(folder, 'netatmo-token.json');
  const run = await runCliProcess(['token', 'import', '--from-exporter', source, '--token-file', target]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect((await stat(target)).mode & 0o777).toBe(0o600);
  expect(JSON.parse(await readFile(target, 'utf8'))).toEqual({ access_token: access, token_type: 'Bearer', refresh_token: refresh, expiry: '2026-03-01T09:00:00.123Z' });
  expect(run.stdout).toContain(`Imported from ${source} into ${target} (mode 0600).`);
  expect(run.stdout).toContain(`Refresh token: fingerprint ${fingerprint(refresh)}`);
  expect(run.stdout).not.toContain(refresh);
});

test("import from the PHP script's three files: expiry is the fetch time in file_expire_time.txt plus 3 hours", async () => {
  const folder = await tempFolder();
  const php = join(folder, 'php');
  await mkdir(php);
  await writeFile(join(php, 'file_access_token.txt'), access);
  await writeFile(join(php, 'file_refresh_token.txt'), `${refresh}\n`);
  await writeFile(join(php, 'file_expire_time.txt'), '1767261600'); // 2026-01-01T10:00:00Z, when the script got the token
  const target = join(folder, 'netatmo-token.json');
  const run = await runCliProcess(['token', 'import', '--from-php', php, '--token-file', target]);
  expect(run.code).toBe(0);
  expect(JSON.parse(await readFile(target, 'utf8'))).toEqual({ access_token: access, token_type: 'Bearer', refresh_token: refresh, expiry: '2026-01-01T13:00:00.000Z' });
  expect(run.stdout).toContain('Expires: 2026-01-01T13:00:00Z');
});

test('--from-php with a time no store can keep (past year 9999) exits 1 naming the file, and writes nothing', async () => {
  const folder = await tempFolder();
  const php = join(folder, 'php');
  await mkdir(php);
  await writeFile(join(php, 'file_refresh_token.txt'), refresh);
  await writeFile(join(php, 'file_expire_time.txt'), '99999999999999');
  const target = join(folder, 'netatmo-token.json');
  const run = await runCliProcess(['token', 'import', '--from-php', php, '--token-file', target]);
  expect(run.code).toBe(1);
  expect(run.stderr).toContain(`${join(php, 'file_expire_time.txt')} holds 99999999999999, which is not a Unix time in seconds (it is past year 9999)`);
  await expect(readFile(target, 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
});

test('--from-php without file_refresh_token.txt exits 1 naming the missing file', async () => {
  const folder = await tempFolder();
  const run = await runCliProcess(['token', 'import', '--from-php', folder, '--token-file', join(folder, 't.json')]);
  expect(run.code).toBe(1);
  expect(run.stderr).toContain(`${join(folder, 'file_refresh_token.txt')} does not exist: --from-php needs the folder where the PHP token script wrote file_refresh_token.txt`);
});

test('import of a dev-portal refresh token from stdin writes a refresh-token-only file that the first use refreshes', async () => {
  const fake = await fakeNetatmo();
  const issued = fake.issueTokens(['read_station']);
  const folder = await tempFolder();
  const target = join(folder, 'netatmo-token.json');
  const run = await runCliProcess(['token', 'import', '--refresh-token', '-', '--token-file', target], { stdin: `${issued.refreshToken}\n` });
  expect(run.code).toBe(0);
  expect(JSON.parse(await readFile(target, 'utf8'))).toEqual({ token_type: 'Bearer', refresh_token: issued.refreshToken });
  expect(run.stderr).toBe('');
  // The imported token works: token refresh rotates it.
  const refreshed = await runCliProcess(['token', 'refresh', '--client-id', fake.clientId, '--base-url', fake.url, '--token-file', target], {
    env: { NETATMO_CLIENT_SECRET: fake.clientSecret },
  });
  expect(refreshed.code).toBe(0);
  expect(fake.liveRefreshTokens()).toEqual([(JSON.parse(await readFile(target, 'utf8')) as { refresh_token: string }).refresh_token]);
});

test('--refresh-token on the command line works and warns about shell history', async () => {
  const folder = await tempFolder();
  const run = await runCliProcess(['token', 'import', '--refresh-token', refresh, '--token-file', join(folder, 't.json')]);
  expect(run.code).toBe(0);
  expect(run.stderr).toContain('note: a token on the command line stays in your shell history; `--refresh-token -` reads it from stdin.');
});

test('an existing token file is only replaced with --force', async () => {
  const folder = await tempFolder();
  const target = join(folder, 't.json');
  await writeFile(target, JSON.stringify({ refresh_token: refresh }));
  const refused = await runCliProcess(['token', 'import', '--refresh-token', 'new|token', '--token-file', target]);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain(`${target} already holds a token (refresh token fingerprint ${fingerprint(refresh)}): pass --force to replace it`);
  expect(JSON.parse(await readFile(target, 'utf8'))).toEqual({ refresh_token: refresh });
  const forced = await runCliProcess(['token', 'import', '--refresh-token', 'new|token', '--token-file', target, '--force']);
  expect(forced.code).toBe(0);
  expect(JSON.parse(await readFile(target, 'utf8'))).toEqual({ token_type: 'Bearer', refresh_token: 'new|token' });
});

test('import needs exactly one source (exit 2)', async () => {
  const none = await runCliProcess(['token', 'import']);
  expect(none.code).toBe(2);
  expect(none.stderr).toContain('say where to import from: --from-exporter <file>, --from-php <folder> or --refresh-token <token>');
  const two = await runCliProcess(['token', 'import', '--from-php', '.', '--refresh-token', 'x']);
  expect(two.code).toBe(2);
  expect(two.stderr).toContain('give one source, not --from-php and --refresh-token');
});
