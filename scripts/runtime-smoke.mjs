/* global process, console */
/**
 * The smoke suite CI runs on Bun and Deno (and any runtime: it is plain JavaScript) against the
 * built package in dist/: import the main entry, start the fake Netatmo, a client on a file token
 * store, read the stations, write a set point, refresh and rotate the token. Ends with one line,
 * `smoke on <runtime>: N passed, 0 failed`, and exit code 1 on the first failure.
 *
 *   bun scripts/runtime-smoke.mjs
 *   deno run --allow-all scripts/runtime-smoke.mjs
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNetatmoClient, FileTokenStore, VERSION } from '../dist/index.js';
import { startFakeNetatmo } from '../dist/testing.js';

const runtime = globalThis.Bun ? `bun ${globalThis.Bun.version}` : globalThis.Deno ? `deno ${globalThis.Deno.version.deno}` : `node ${process.versions.node}`;
let passed = 0;

function check(what, condition, detail = '') {
  if (!condition) {
    console.error(`smoke on ${runtime}: FAILED: ${what}${detail ? ` (${detail})` : ''}`);
    console.log(`smoke on ${runtime}: ${passed} passed, 1 failed`);
    process.exit(1);
  }
  passed++;
  console.log(`  ok  ${what}`);
}

const fake = await startFakeNetatmo();
const folder = await mkdtemp(join(tmpdir(), 'netatmo-connect-smoke-'));
try {
  const tokenFile = join(folder, 'netatmo-token.json');
  await new FileTokenStore(tokenFile).save(fake.issueTokens(['read_station', 'read_thermostat', 'write_thermostat']));
  const client = createNetatmoClient({ clientId: fake.clientId, clientSecret: fake.clientSecret, baseUrl: fake.url, tokenStore: new FileTokenStore(tokenFile) });
  check('the main entry imports and builds a client on a file token store', typeof client.station.getStationsData === 'function');

  const { devices } = await client.station.getStationsData();
  check('getStationsData reads the 7 stations of the fake', devices.length === 7, `got ${devices.length}`);
  const agent = fake.requests.at(-1)?.userAgent ?? '';
  check('the User-Agent names the package and this runtime', agent.startsWith(`netatmo-connect/${VERSION} (${runtime.split(' ')[0]}/`), agent);

  const { homes = [] } = await client.thermostat.getHomesData();
  const home = homes.find((candidate) => candidate.rooms?.some((room) => room.id === '2746182631'));
  check('getHomesData finds the home with the thermostat room', home !== undefined);
  await client.thermostat.setRoomThermpoint({ homeId: home.id, roomId: '2746182631', mode: 'manual', temp: 21, endtime: new Date(Date.now() + 3_600_000) });
  const write = fake.requests.filter((record) => record.endpoint === 'setroomthermpoint').at(-1);
  check('setRoomThermpoint sends the set point', write?.params.temp === '21' && write?.params.mode === 'manual', JSON.stringify(write?.params));

  const before = JSON.parse(await readFile(tokenFile, 'utf8')).refresh_token;
  const rotated = [];
  client.on('refreshTokenRotated', ({ previousFingerprint }) => rotated.push(previousFingerprint));
  await client.tokens.refresh();
  const after = JSON.parse(await readFile(tokenFile, 'utf8')).refresh_token;
  check('a refresh rotates the refresh token and saves the new one to the file', after !== before && rotated.length === 1);
  check('the old refresh token is dead at the fake, the new one alive', !fake.liveRefreshTokens().includes(before) && fake.liveRefreshTokens().includes(after));
  const again = await client.station.getStationsData();
  check('calls go on with the refreshed token', again.devices.length === 7);
} finally {
  await fake.close();
  await rm(folder, { recursive: true, force: true });
}
console.log(`smoke on ${runtime}: ${passed} passed, 0 failed`);
