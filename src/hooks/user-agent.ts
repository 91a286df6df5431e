import { VERSION } from '../version.js';

/** The runtime and its version, as far as the global scope tells: `node/22.12.0`, `bun/1.4.5`, `deno/2.9.6`. */
function runtime(): string {
  const scope = globalThis as { Bun?: { version?: string }; Deno?: { version?: { deno?: string } }; process?: { versions?: { node?: string } }; navigator?: { userAgent?: string } };
  if (scope.Bun?.version) return `bun/${scope.Bun.version}`;
  if (scope.Deno?.version?.deno) return `deno/${scope.Deno.version.deno}`;
  if (scope.process?.versions?.node) return `node/${scope.process.versions.node}`;
  // Edge runtimes name themselves here (Cloudflare-Workers); browsers send their own User-Agent anyway.
  const agent = scope.navigator?.userAgent;
  return agent && !/\s/.test(agent) ? agent : 'unknown';
}

/**
 * The `User-Agent` of every request: `netatmo-connect/0.1.0 (node/22.12.0)`, then the client's
 * `userAgent` option if any (`my-app/1.2`), so Netatmo's logs and your proxies tell your app apart.
 */
export function userAgent(extra?: string): string {
  return `netatmo-connect/${VERSION} (${runtime()})${extra ? ` ${extra}` : ''}`;
}
