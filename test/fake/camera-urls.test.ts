import { expect, test } from 'vitest';
import capturedStatus from '../../src/testing/fixtures/pyatmo/homestatus_91763b24c43d3e344f424e8b.json' with { type: 'json' };
import type { FakeNetatmo } from '../../src/testing/index.js';
import { fakeNetatmo } from '../helpers/setup.js';
import { openhabGet, pyatmoPost, send, urlsIn, type Answer } from './wire-clients.js';

// No answer of the fake sends a client to a real Netatmo host: vpn_url, local_url and image URLs
// point back at the fake, which answers them as a camera and Netatmo's image store do.

const homeId = '91763b24c43d3e344f424e8b';

async function setUp(): Promise<{ fake: FakeNetatmo; token: string }> {
  const fake = await fakeNetatmo();
  return { fake, token: fake.issueTokens().accessToken };
}

test('every answer that carries camera or image URLs carries the fake\'s, and the captured fixture is left as recorded', async () => {
  const { fake, token } = await setUp();
  const calls: [string, Record<string, string>][] = [
    ['homesdata', {}],
    ['homestatus', { home_id: homeId }],
    ['homestatus', { home_id: '91763b24c43d3e344f424e8c' }],
    ['getevents', { home_id: homeId }],
    ['gethomedata', {}],
    ['geteventsuntil', { home_id: homeId, event_id: 'a1b2c3d4e5f6abcdef123461' }],
    ['getnextevents', { home_id: homeId, event_id: 'a1b2c3d4e5f6abcdef123461' }],
    ['getlasteventof', { home_id: homeId, person_id: '91827374-7e04-5298-83ad-a0cb8372dff1' }],
  ];
  const answers: Answer[] = [];
  for (const [endpoint, query] of calls) answers.push(await openhabGet(fake, token, `/api/${endpoint}`, query));
  expect(answers.map((answer) => answer.status)).toEqual(calls.map(() => 200));
  const urls = answers.flatMap((answer) => urlsIn(answer.body));
  expect(urls).toHaveLength(34);
  expect(urls.filter((url) => !url.startsWith(`${fake.url}/camera/`))).toEqual([]);
  expect(answers.map((answer) => JSON.stringify(answer.body)).join('\n')).not.toMatch(/netatmo\.(net|com)|windows\.net|192\.168\./);
  expect(capturedStatus.body.home.modules.find((module) => 'vpn_url' in module)?.vpn_url).toMatch(/^https:\/\/prodvpn-eu-2\.netatmo\.net\//);
});

test('images on the store (event snapshots, faces) answer a JPEG; addresses the fake never handed out are 404', async () => {
  const { fake, token } = await setUp();
  const events = (await openhabGet(fake, token, '/api/getevents', { home_id: homeId })).body.body.home.events as { subevents?: { snapshot: { url: string } }[] }[];
  const snapshot = events.find((event) => event.subevents)!.subevents![0]!.snapshot.url;
  expect(snapshot).toMatch(new RegExp(`^${fake.url}/camera/media/production/\\w+$`));
  const picture = await send(snapshot, { method: 'GET' });
  expect({ status: picture.status, contentType: picture.contentType, size: picture.bytes.length }).toEqual({ status: 200, contentType: 'image/jpeg', size: 671 });
  for (const stale of ['/camera/media/production/never-served', '/camera/vpn/restricted/10.0.0.1/abc/def,,/command/ping', '/camera/local/0123/command/ping', '/camera/unknown']) {
    expect((await send(`${fake.url}${stale}`, { method: 'POST' })).status).toBe(404);
  }
  // A camera answers its own paths only.
  const vpnUrl = (await openhabGet(fake, token, '/api/homestatus', { home_id: homeId })).body.body.home.modules.find((module: { vpn_url?: string }) => module.vpn_url).vpn_url as string;
  expect((await send(`${vpnUrl}/command/changestatus?status=on`, { method: 'POST' })).status).toBe(404);
  expect((await send(`${vpnUrl}/live/snapshot_720.jpg`, { method: 'POST' })).status).toBe(404);
});

test('the fake\'s controls reach the camera paths: failNext on camera/command/ping, enqueue answers as given', async () => {
  const { fake, token } = await setUp();
  const vpnUrl = (await pyatmoPost(fake, token, '/api/homestatus', { home_id: homeId })).body.body.home.modules.find((module: { vpn_url?: string }) => module.vpn_url).vpn_url as string;
  fake.failNext('camera/command/ping', 1, { status: 502, message: 'Bad gateway' });
  expect((await pyatmoPost(fake, token, `${vpnUrl}/command/ping`)).status).toBe(502);
  expect((await pyatmoPost(fake, token, `${vpnUrl}/command/ping`)).status).toBe(200);
  // An answer you enqueue is yours: sent exactly as given, URLs included.
  fake.enqueue('homestatus', { body: { status: 'ok', body: { home: { id: homeId, modules: [{ id: 'c', type: 'NACamera', vpn_url: 'https://prodvpn-eu-2.netatmo.net/x,,' }] } } } });
  expect((await pyatmoPost(fake, token, '/api/homestatus', { home_id: homeId })).body.body.home.modules[0].vpn_url).toBe('https://prodvpn-eu-2.netatmo.net/x,,');
  expect(fake.count('camera/command/ping')).toBe(2);
});

test('an event picture kept on the camera (snapshot.filename) is a JPEG at {vpn_url}/{filename}', async () => {
  const { fake, token } = await setUp();
  const events = (await openhabGet(fake, token, '/api/getevents', { home_id: homeId })).body.body.home.events as { module_id: string; subevents?: { snapshot: { filename?: string } }[] }[];
  const event = events.find((candidate) => candidate.subevents?.some((sub) => sub.snapshot.filename))!;
  const filename = event.subevents!.find((sub) => sub.snapshot.filename)!.snapshot.filename!;
  expect(filename).toBe('vod/11111/events/22222/snapshot_129e72195968.jpg');
  const modules = (await openhabGet(fake, token, '/api/homestatus', { home_id: homeId })).body.body.home.modules as { id: string; vpn_url?: string }[];
  const vpnUrl = modules.find((module) => module.id === event.module_id)!.vpn_url!;
  const picture = await send(`${vpnUrl}/${filename}`, { method: 'GET', headers: { authorization: `Bearer ${token}` } });
  expect({ status: picture.status, contentType: picture.contentType, size: picture.bytes.length }).toEqual({ status: 200, contentType: 'image/jpeg', size: 671 });
  expect(fake.count('camera/vod')).toBe(1);
});
