import { expect, test } from 'vitest';
import { MemoryTokenStore, NetatmoAuthError, NetatmoRateLimitError } from '../../src/index.js';
import oauth2Token from '../../src/testing/fixtures/pyatmo/archive/oauth2_token.json' with { type: 'json' };
import invalidGrant from '../../src/testing/fixtures/pyatmo/archive/invalid_grant.json' with { type: 'json' };
import tooManyConnections from '../../src/testing/fixtures/pyatmo/archive/too_many_connections.json' with { type: 'json' };
import { clientFor, fakeNetatmo, manualClock } from '../helpers/setup.js';

// The captured /oauth2/token answers, served as captured, through the refresh the SDK makes.

test('oauth2_token.json: the captured token answer becomes the TokenSet the store saves', async () => {
  const clock = manualClock();
  const fake = await fakeNetatmo({ now: clock.now });
  const store = new MemoryTokenStore({ refreshToken: fake.issueTokens().refreshToken });
  const client = clientFor(fake, { tokenStore: store, now: clock.now });
  fake.enqueue('oauth2/token', { body: oauth2Token });

  const tokens = await client.tokens.refresh();

  expect(tokens).toEqual({
    accessToken: oauth2Token.access_token,
    refreshToken: oauth2Token.refresh_token,
    expiresAt: clock.now() + oauth2Token.expires_in * 1000,
    issuedAt: clock.now(),
    scope: oauth2Token.scope,
  });
  expect(await store.load()).toEqual(tokens);
});

test('invalid_grant.json: a dead refresh token requires a new login', async () => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: new MemoryTokenStore({ refreshToken: fake.issueTokens().refreshToken }) });
  fake.enqueue('oauth2/token', { status: 400, body: invalidGrant });

  const error = await client.tokens.refresh().catch((caught: unknown) => caught);

  expect(error).toBeInstanceOf(NetatmoAuthError);
  expect(error).toMatchObject({ oauthError: 'invalid_grant', reauthorizationRequired: true });
});

test('too_many_connections.json: throttling at the token endpoint is retried, not taken for a dead token', async () => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: new MemoryTokenStore({ refreshToken: fake.issueTokens().refreshToken }) });
  fake.enqueue('oauth2/token', { status: 400, body: tooManyConnections });

  await client.tokens.refresh();
  expect(fake.count('oauth2/token')).toBe(2);

  fake.enqueue('oauth2/token', ...Array.from({ length: 3 }, () => ({ status: 400, body: tooManyConnections })));
  const error = await client.tokens.refresh().catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(NetatmoRateLimitError);
  expect((await client.tokens.status()).state).toBe('valid');
});
