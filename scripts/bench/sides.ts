import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import ky from 'ky';
import type * as Sdk from '../../src/index.js';
import type { TokenSet } from '../../src/index.js';

/** Where the bench's fake Netatmo listens, and a token it issued. */
export interface BenchTarget {
  url: string;
  clientId: string;
  clientSecret: string;
  tokens: TokenSet;
}

/** The package as users run it: dist/, built first when missing (`npm run bench` always builds it). */
export async function importBuiltSdk(): Promise<typeof Sdk> {
  const dist = new URL('../../dist/index.js', import.meta.url);
  if (!existsSync(dist)) spawnSync('npx', ['tsup', '--silent'], { stdio: 'inherit' });
  return (await import(dist.href)) as typeof Sdk;
}

/**
 * The three ways of making one `getstationsdata` call that the latency goals compare: the SDK,
 * ky + the SDK's own zod schema by hand (a fixed bearer token), and raw `fetch` + `JSON.parse`.
 */
export function benchSides(sdk: typeof Sdk, target: BenchTarget) {
  const authorization = `Bearer ${target.tokens.accessToken}`;
  const client = sdk.createNetatmoClient({
    clientId: target.clientId,
    clientSecret: target.clientSecret,
    baseUrl: target.url,
    rateLimit: false,
    tokenStore: new sdk.MemoryTokenStore(target.tokens),
  });
  const kyClient = ky.create({ prefix: target.url, retry: 0, timeout: false });
  return {
    sdk: (): Promise<unknown> => client.station.getStationsData(),
    kyZod: async (): Promise<unknown> => {
      const json = await kyClient('api/getstationsdata', { headers: { authorization } }).json<{ body: unknown }>();
      return sdk.schemas.stationsDataSchema.parse(json.body);
    },
    raw: async (): Promise<unknown> => {
      const response = await fetch(`${target.url}/api/getstationsdata`, { headers: { authorization } });
      return (JSON.parse(await response.text()) as { body: unknown }).body;
    },
  };
}

export type BenchSide = keyof ReturnType<typeof benchSides>;
