import type { FakeResponse } from './fake-response.js';

/** Where the fake serves what a camera and Netatmo's image store serve. */
export const cameraPathPrefix = '/camera';

/** What a rewritten URL stands for: a camera's VPN or LAN address, or an image on Netatmo's store. */
export type CameraUrlKind = 'vpn' | 'local' | 'media';

/** Hosts that belong to Netatmo: the VPN relays (`prodvpn-eu-2.netatmo.net`) and the image store. */
const netatmoHost = /(^|\.)netatmo\.(net|com)$|^netatmo[a-z0-9-]*\.blob\.core\.windows\.net$/i;

/**
 * The camera addresses the fake has handed out, by kind and path (`vpn/restricted/…,,`). The
 * camera routes answer only these, as a real VPN relay answers only live addresses.
 */
export class HandedOutCameraUrls {
  private readonly paths = new Set<string>();

  add(kind: CameraUrlKind, path: string): void {
    this.paths.add(`${kind}${path}`);
  }

  /** The handed-out base path that `path` (below `/camera/<kind>`) starts with, and the rest. */
  match(kind: CameraUrlKind, path: string): { base: string; rest: string } | undefined {
    for (const candidate of this.paths) {
      if (!candidate.startsWith(kind)) continue;
      const base = candidate.slice(kind.length);
      if (path === base) return { base, rest: '' };
      if (path.startsWith(`${base}/`)) return { base, rest: path.slice(base.length) };
    }
    return undefined;
  }
}

/**
 * Points every Netatmo URL of an answer at the fake: `vpn_url` and `local_url` values become
 * `<fake>/camera/vpn/…` and `<fake>/camera/local/…`, images on Netatmo's store (snapshots,
 * vignettes, faces) `<fake>/camera/media/…`. A client that pings its camera or fetches a snapshot
 * with its bearer token (pyatmo does) then talks to the fake, never to a real Netatmo host.
 * Captured fixtures are not modified: changed parts are copied.
 */
export function withFakeCameraUrls(answer: FakeResponse, baseUrl: string, handedOut: HandedOutCameraUrls): FakeResponse {
  if (answer.body === undefined || typeof answer.body !== 'object' || answer.body === null) return answer;
  const body = rewrite(answer.body, undefined, baseUrl, handedOut);
  return body === answer.body ? answer : { ...answer, body };
}

function rewrite(value: unknown, key: string | undefined, baseUrl: string, handedOut: HandedOutCameraUrls): unknown {
  if (typeof value === 'string') return rewriteUrl(value, key, baseUrl, handedOut);
  if (Array.isArray(value)) {
    let changed = false;
    const copy = value.map((item) => {
      const next = rewrite(item, undefined, baseUrl, handedOut);
      changed ||= next !== item;
      return next;
    });
    return changed ? copy : value;
  }
  if (value !== null && typeof value === 'object') {
    let changed = false;
    const copy: Record<string, unknown> = {};
    for (const [name, item] of Object.entries(value)) {
      const next = rewrite(item, name, baseUrl, handedOut);
      changed ||= next !== item;
      copy[name] = next;
    }
    return changed ? copy : value;
  }
  return value;
}

function rewriteUrl(text: string, key: string | undefined, baseUrl: string, handedOut: HandedOutCameraUrls): string {
  if (!/^https?:\/\//i.test(text) || text.startsWith(baseUrl)) return text;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return text;
  }
  const kind: CameraUrlKind | undefined =
    key === 'vpn_url' ? 'vpn' : key === 'local_url' ? 'local' : netatmoHost.test(url.hostname) ? 'media' : undefined;
  if (!kind) return text;
  handedOut.add(kind, url.pathname);
  return `${baseUrl}${cameraPathPrefix}/${kind}${url.pathname}${url.search}`;
}
