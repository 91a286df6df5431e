import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { beforeAll, expect, test } from 'vitest';
import { MemoryTokenStore, type Logger, type NetatmoEvents, type TokenSet } from '../src/index.js';
import { createRedactor } from '../src/transport/redact.js';
import { ensureBuilt, runCliProcess, tempFolder } from './cli/cli-harness.js';
import { clientFor, fakeNetatmo } from './helpers/setup.js';

beforeAll(ensureBuilt, 120_000);

// Sentinels shaped like the real thing: Netatmo refresh tokens contain '|' (form-encoded '%7C').
const CLIENT_SECRET = 'SENTINEL+secret/7f3a=x y';

/** Every encoding a server could echo a secret in. */
const encodings: [string, (secret: string) => string][] = [
  ['raw', (secret) => secret],
  ['encodeURIComponent', (secret) => encodeURIComponent(secret)],
  ['encodeURIComponent, lower-case hex', (secret) => encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase())],
  ['form encoding (+ for space)', (secret) => new URLSearchParams({ s: secret }).toString().slice(2)],
  ['base64', (secret) => Buffer.from(secret).toString('base64')],
  ['base64url', (secret) => Buffer.from(secret).toString('base64url')],
  ['base64 inside a longer base64 text', (secret) => Buffer.from(`client_secret=${secret}&grant_type=refresh_token`).toString('base64')],
  ['base64 at offset 2', (secret) => Buffer.from(`ab${secret}`).toString('base64')],
  ['JSON-escaped', (secret) => JSON.stringify(secret).slice(1, -1)],
];

/** The tell-tale part of an encoded secret: its middle, which every encoding above keeps intact. */
function leaks(text: string, secrets: readonly string[]): string[] {
  const found: string[] = [];
  for (const secret of secrets) {
    for (const [name, encode] of encodings) {
      const encoded = encode(secret);
      // A 12-character run from the middle of the encoding: no innocent text contains it.
      const probe = encoded.slice(Math.floor(encoded.length / 2) - 6, Math.floor(encoded.length / 2) + 6);
      if (text.includes(probe)) found.push(`${name} of ${secret.slice(0, 12)}…`);
    }
  }
  return found;
}

test('the redactor removes every encoding of every secret, wherever it sits in the text', () => {
  const secrets = [CLIENT_SECRET, '91763b24c43d3e344f424e8b|87ff8755a00c6b8a120b55a08c758e93'];
  const redact = createRedactor(secrets);
  for (const secret of secrets) {
    for (const [name, encode] of encodings) {
      const text = `before ${encode(secret)} after`;
      expect(leaks(text, [secret]), name).not.toEqual([]);
      expect(leaks(redact(text), [secret]), name).toEqual([]);
    }
  }
  expect(redact('nothing secret here')).toBe('nothing secret here');
});

test.each(encodings)('a token endpoint echoing the request %s leaks nothing through any surface', async (_, encode) => {
  const fake = await fakeNetatmo({ clientSecret: CLIENT_SECRET });
  const issued = fake.issueTokens();
  const secrets = [CLIENT_SECRET, issued.refreshToken, issued.accessToken];
  const lines: string[] = [];
  const record = (level: string) => (message: string, ...details: unknown[]) => void lines.push(`${level} ${message} ${inspect(details)}`);
  const logger: Logger = { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
  const client = clientFor(fake, {
    clientSecret: CLIENT_SECRET,
    tokenStore: new MemoryTokenStore({ ...issued, expiresAt: Date.now() - 1 }),
    logger,
    retry: 0,
  });
  const payloads: NetatmoEvents['refreshFailed'][] = [];
  client.on('refreshFailed', (event) => payloads.push(event));
  const echo = secrets.map(encode).join(' ');
  fake.enqueue('oauth2/token', {
    status: 400,
    body: { error: `invalid_request ${echo}`, error_description: `could not parse: ${echo}` },
  });

  const error = await client.station.getStationsData().catch((caught: unknown) => caught);

  const surfaces = [
    (error as Error).message,
    String((error as Error).stack),
    inspect(error, { depth: Infinity, showHidden: true }),
    JSON.stringify(error),
    ...lines,
    inspect(payloads, { depth: Infinity, showHidden: true }),
    JSON.stringify(payloads),
  ];
  expect((error as Error).message).toContain('[redacted]');
  for (const surface of surfaces) expect(leaks(surface, secrets)).toEqual([]);
});

test.each(encodings.filter(([name]) => ['raw', 'encodeURIComponent', 'base64'].includes(name)))(
  'the CLI prints no %s echo of a secret on stderr or stdout',
  async (_, encode) => {
    const fake = await fakeNetatmo({ clientSecret: CLIENT_SECRET });
    const issued = fake.issueTokens();
    const file = join(await tempFolder(), 'token.json');
    await writeFile(file, JSON.stringify({ refresh_token: issued.refreshToken }));
    const echo = [CLIENT_SECRET, issued.refreshToken].map(encode).join(' ');
    fake.enqueue('oauth2/token', { status: 400, body: { error: 'invalid_request', error_description: echo } });

    const run = await runCliProcess(['token', 'refresh', '--client-id', fake.clientId, '--base-url', fake.url, '--token-file', file], {
      env: { NETATMO_CLIENT_SECRET: CLIENT_SECRET },
    });

    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('[redacted]');
    expect(leaks(run.stderr + run.stdout, [CLIENT_SECRET, issued.refreshToken])).toEqual([]);
  },
);

test('printing a tokenRefreshed or refreshTokenRotated payload shows fingerprints only; the tokens stay readable', async () => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: new MemoryTokenStore({ ...fake.issueTokens(), expiresAt: Date.now() - 1 }) });
  const refreshed: NetatmoEvents['tokenRefreshed'][] = [];
  const rotated: NetatmoEvents['refreshTokenRotated'][] = [];
  client.on('tokenRefreshed', (event) => refreshed.push(event));
  client.on('refreshTokenRotated', (event) => rotated.push(event));

  await client.station.getStationsData();

  const [live] = fake.liveRefreshTokens();
  const payload = refreshed[0]!;
  expect(payload.tokens.refreshToken).toBe(live);
  expect(rotated[0]?.tokens.refreshToken).toBe(live);
  expect(typeof payload.tokens.accessToken).toBe('string');
  const printed = [
    inspect(payload, { depth: Infinity }),
    inspect(rotated[0], { depth: Infinity }),
    JSON.stringify(payload),
    JSON.stringify(rotated[0]),
    String(payload.tokens),
    `${JSON.stringify({ event: payload })}`,
  ];
  for (const text of printed) {
    expect(text).not.toContain(live);
    expect(text).not.toContain(payload.tokens.accessToken);
    expect(text).toContain('<fingerprint ');
  }
  // A store can still save the payload's tokens as they are.
  const copy = new MemoryTokenStore();
  await copy.save(payload.tokens);
  expect((await copy.load())?.refreshToken).toBe(live);
});

/** A store whose errors quote what it holds or was given, in one encoding: a careless custom store. */
class QuotingStore extends MemoryTokenStore {
  failLoad = false;
  failSave = false;
  failRelease = false;
  constructor(
    tokens: TokenSet,
    private readonly encode: (secret: string) => string,
  ) {
    super(tokens);
  }
  #quote(tokens: TokenSet | undefined): string {
    return [tokens?.refreshToken ?? '', tokens?.accessToken ?? '', CLIENT_SECRET].map(this.encode).join(' ');
  }
  override async load(): Promise<TokenSet | undefined> {
    const held = await super.load();
    if (this.failLoad) throw Object.assign(new Error(`cannot read ${this.#quote(held)}`), { code: 'EQUOTED' });
    return held;
  }
  override async save(tokens: TokenSet): Promise<void> {
    if (this.failSave) throw new Error(`cannot write ${this.#quote(tokens)}`, { cause: new Error(`quota for ${this.#quote(tokens)}`) });
    await super.save(tokens);
  }
  override async withLock<T>(fn: () => Promise<T>): Promise<T> {
    const result = await fn();
    if (this.failRelease) throw new Error(`cannot release the lock held for ${this.#quote(await super.load())}`);
    return result;
  }
}

test.each(encodings)('a token store whose errors quote the tokens (%s) leaks none of them through any surface', async (_, encode) => {
  const fake = await fakeNetatmo({ clientSecret: CLIENT_SECRET });
  const issued = fake.issueTokens();
  const store = new QuotingStore(issued, encode);
  const lines: string[] = [];
  const record = (level: string) => (message: string, ...details: unknown[]) => void lines.push(`${level} ${message} ${inspect(details)}`);
  const client = clientFor(fake, {
    clientSecret: CLIENT_SECRET,
    tokenStore: store,
    logger: { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') },
  });
  const failures: NetatmoEvents['refreshFailed'][] = [];
  client.on('refreshFailed', (event) => failures.push(event));
  await client.station.getStationsData();

  // A load that fails, quoting the tokens the store holds (the client's current ones).
  store.failLoad = true;
  const loadError = await client.tokens.refresh().catch((caught: unknown) => caught);
  store.failLoad = false;
  // A save that fails, quoting the new tokens, with a cause that quotes them too; and a release
  // that fails, quoting what the store holds.
  store.failSave = true;
  store.failRelease = true;
  const saveError = await client.tokens.refresh().catch((caught: unknown) => caught);
  const newAccessToken = await client.tokens.getAccessToken();

  expect(fake.count('oauth2/token')).toBe(1);
  // Base64 keeps a character or two of its surroundings at each end of a redacted run.
  expect((loadError as Error).message).toMatch(/^cannot read \S*\[redacted\]\S* \S*\[redacted\]\S* \S*\[redacted\]\S*$/);
  expect(loadError).toMatchObject({ name: 'Error', code: 'EQUOTED' });
  expect((saveError as Error).message).toMatch(/could not be saved to the token store \(cannot write \S*\[redacted\]\S* \S*\[redacted\]\S* \S*\[redacted\]\S*\)/);
  expect(((saveError as Error).cause as Error).message).toMatch(/^cannot write /);
  expect((((saveError as Error).cause as Error).cause as Error).message).toMatch(/^quota for \S*\[redacted\]/);
  expect(lines.filter((line) => /^warn .*cannot release the lock held for \S*\[redacted\]/.test(line))).toHaveLength(1);
  expect(failures).toHaveLength(2);
  const secrets = [CLIENT_SECRET, issued.refreshToken, issued.accessToken, ...fake.liveRefreshTokens(), newAccessToken];
  const surfaces = [loadError, saveError, failures].flatMap((value) => [inspect(value, { depth: Infinity, showHidden: true }), JSON.stringify(value), String(value)]);
  for (const surface of [...surfaces, ...lines]) expect(leaks(surface, secrets)).toEqual([]);
});
