import { expect, test } from 'vitest';
import { AuthorizationStateSealer } from '../../src/app/authorization-state.js';
import { NetatmoAuthError } from '../../src/index.js';
import { manualClock } from '../helpers/setup.js';

const SECRET = 'client-secret-of-the-app';

function catching(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

test('a state opens in another process that knows the client secret, with its user and redirect URI', async () => {
  const clock = manualClock();
  const state = await new AuthorizationStateSealer(SECRET, clock.now).seal('alice@example.com', 'https://svc.example/callback');
  expect(state).toMatch(/^[A-Za-z0-9_-]{60,}$/);
  expect(state).not.toContain('alice');

  const elsewhere = new AuthorizationStateSealer(SECRET, clock.now);
  expect(await elsewhere.open(state)).toEqual({ userId: 'alice@example.com', redirectUri: 'https://svc.example/callback', expiresAt: clock.now() + 600_000 });
});

test('a state expires after 10 minutes', async () => {
  const clock = manualClock();
  const sealer = new AuthorizationStateSealer(SECRET, clock.now);
  const state = await sealer.seal('bob', 'https://svc.example/callback');
  clock.advance(599_999);
  expect(sealer.open(state)).toMatchObject({ userId: 'bob' });
  clock.advance(1);
  const error = catching(() => sealer.open(state));
  expect(error).toBeInstanceOf(NetatmoAuthError);
  expect((error as Error).message).toBe('The authorization state expired: the login took longer than 10 minutes. Send the user through app.authorizeUrl() again.');
});

test('an altered, cut, foreign or made-up state is refused', async () => {
  const clock = manualClock();
  const sealer = new AuthorizationStateSealer(SECRET, clock.now);
  const state = await sealer.seal('carol', 'https://svc.example/callback');
  const flipped = state.slice(0, 20) + (state[20] === 'A' ? 'B' : 'A') + state.slice(21);
  const foreign = await new AuthorizationStateSealer('another-secret', clock.now).seal('carol', 'https://svc.example/callback');
  // Every single byte altered (flipped in the last base64 character of each byte's run) is caught.
  const bytes = Buffer.from(state, 'base64url');
  for (let index = 0; index < bytes.length; index++) {
    const altered = Buffer.from(bytes);
    altered[index] = altered[index]! ^ 0x01;
    expect(catching(() => sealer.open(altered.toString('base64url'))), `byte ${index}`).toBeInstanceOf(NetatmoAuthError);
  }
  for (const bad of [flipped, state.slice(0, -4), foreign, 'made-up-state-made-up-state-made-up', '', 'a b', undefined as unknown as string]) {
    const error = catching(() => sealer.open(bad));
    expect(error, String(bad)).toBeInstanceOf(NetatmoAuthError);
    expect((error as NetatmoAuthError).oauthError).toBe('invalid_state');
    expect((error as Error).message).toMatch(/^The authorization state is not one this app made/);
  }
});
