import { createHash } from 'node:crypto';
import ping from '../fixtures/pyatmo/ping.json' with { type: 'json' };
import { cameraImageSampleBase64 } from '../fixtures/pyatmo/archive/camera-image-sample.js';
import { cameraPathPrefix, type CameraUrlKind, type HandedOutCameraUrls } from '../camera-urls.js';
import type { FakeResponse } from '../fake-response.js';

const cameraImage = Uint8Array.from(Buffer.from(cameraImageSampleBase64, 'base64'));

/** The LAN address the captured ping answer gives (`http://192.168.0.123/<hash>`), host part. */
const capturedLocalHost = new URL(ping.local_url).origin;

/** `{ kind, rest }` of a path below `/camera/`, or `undefined` for any other path. */
function splitCameraPath(pathname: string): { kind: CameraUrlKind; path: string } | undefined {
  const match = /^\/camera\/(vpn|local|media)(\/.*)$/.exec(pathname);
  return match ? { kind: match[1] as CameraUrlKind, path: match[2]! } : undefined;
}

/**
 * The name the request log uses for a camera-side path:
 * `camera/command/ping`, `camera/live/snapshot_720.jpg`, `camera/vod` (event pictures),
 * `camera/media`; `undefined` elsewhere. Queues (`fake.enqueue`) use it too.
 */
export function cameraEndpoint(pathname: string): string | undefined {
  const split = splitCameraPath(pathname);
  if (!split) return undefined;
  if (split.kind === 'media') return 'camera/media';
  const action = /\/(command\/ping|live\/snapshot_720\.jpg)$/.exec(split.path);
  if (action) return `camera/${action[1]!}`;
  return /\/vod\/[^?#]+\.jpg$/.test(split.path) ? 'camera/vod' : 'camera';
}

const notFound: FakeResponse = { status: 404, body: { error: { code: 404, message: 'Not Found' } } };

/**
 * What a camera answers on its VPN and LAN addresses, as pyatmo, Home Assistant and openHAB use
 * them (REFERENCE §2.4.12): `{url}/command/ping` (GET or POST) → `{local_url, product_name}` from
 * the captured `ping.json`, with a LAN address of this camera that the fake also answers, and
 * `{url}/live/snapshot_720.jpg` and the event pictures it keeps (`{url}/vod/…/snapshot_….jpg`, the
 * `snapshot.filename` of an event) → a JPEG. Netatmo's image store (`snapshot.url`, `face.url`)
 * answers a JPEG too. Addresses the fake did not hand out are 404, as a stale `vpn_url` is.
 */
export function handleCameraPath(pathname: string, method: string, handedOut: HandedOutCameraUrls): FakeResponse | undefined {
  if (!pathname.startsWith(`${cameraPathPrefix}/`)) return undefined;
  const split = splitCameraPath(pathname);
  if (!split) return notFound;
  const found = handedOut.match(split.kind, split.path);
  if (!found) return notFound;
  if (split.kind === 'media') {
    return found.rest === '' && method === 'GET' ? { bytes: cameraImage, headers: { 'content-type': 'image/jpeg' } } : notFound;
  }
  if (found.rest === '/command/ping' && (method === 'GET' || method === 'POST')) {
    // One LAN address per camera, stable across pings; the URL rewrite maps it onto the fake.
    const localPath = split.kind === 'local' ? found.base : `/${createHash('sha256').update(found.base).digest('hex').slice(0, 32)}`;
    return { body: { ...ping, local_url: `${capturedLocalHost}${localPath}` } };
  }
  // The live snapshot, and the event pictures a camera keeps (`snapshot.filename` of getevents, relative to its URL).
  if ((found.rest === '/live/snapshot_720.jpg' || /^\/vod\/[^?#]+\.jpg$/.test(found.rest)) && method === 'GET') {
    return { bytes: cameraImage, headers: { 'content-type': 'image/jpeg' } };
  }
  return notFound;
}
