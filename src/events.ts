import mittModule, { type Emitter } from 'mitt';
import type { TokenSet } from './auth/token-set.js';
import { invalidOption, type NetatmoAuthError, type NetatmoError } from './errors.js';
import type { Log } from './logger.js';
import type { AnswerIssue } from './transport/answer-validation.js';

/** Why the TokenManager refreshed. */
export type RefreshReason =
  /** The access token entered the refresh buffer (`refreshBufferMs` before expiry). */
  | 'expiring'
  /** The access token had expired, or had no expiry at all. */
  | 'expired'
  /** The API answered 403 with code 2 or 3 for the current token. */
  | 'rejected'
  /** `client.tokens.refresh()` was called. */
  | 'manual';

// mitt ships CommonJS-style typings: under NodeNext the default import is typed as the module
// object, while at run time (ESM and CJS alike) it is the factory function itself.
const mitt = mittModule as unknown as typeof mittModule.default;

/** Every event a client emits, with its payload. Subscribe with `client.on(name, handler)`. */
// A type alias, not an interface: mitt needs the implicit index signature.
export type NetatmoEvents = {
  /**
   * After a refresh, once the store saved the new tokens. `tokens.refreshToken` returns the token
   * to code that asks for it; printing the payload (`console.log`, `util.inspect`,
   * `JSON.stringify`) shows fingerprints only.
   */
  tokenRefreshed: {
    /** The new tokens, as saved. */
    tokens: TokenSet;
    /** Why the refresh happened. */
    reason: RefreshReason;
  };
  /**
   * The refresh token changed (after the save). Netatmo has already killed the previous one.
   * Printing the payload shows fingerprints only, as for `tokenRefreshed`.
   */
  refreshTokenRotated: {
    /** The new tokens, as saved. */
    tokens: TokenSet;
    /** Fingerprint of the refresh token it replaced (never the token itself). */
    previousFingerprint: string;
  };
  /** A refresh failed. `usingStillValidToken` tells whether calls go on with the old token. */
  refreshFailed: {
    /** Why it failed. */
    error: NetatmoError;
    /** Whether calls go on with the current, still valid access token. */
    usingStillValidToken: boolean;
  };
  /** The refresh token is dead: a new login (`netatmo-connect login`) or `tokens.setTokens()` is needed. */
  reauthorizationRequired: {
    /** The refresh failure that proved the refresh token dead. */
    error: NetatmoAuthError;
  };
  /** Before a retry of a failed call. `attempt` is the attempt that failed (1 = the first). */
  retry: {
    /** Netatmo's method name, e.g. `getstationsdata`. */
    endpoint: string;
    /** The attempt that failed, 1 for the first. */
    attempt: number;
    /** Wait before the next attempt, ms. */
    delayMs: number;
    /** Why the attempt failed. */
    error: NetatmoError;
  };
  /** The API or the client's own budget throttled a call. */
  rateLimited: {
    /** Netatmo's method name, e.g. `getstationsdata`. */
    endpoint: string;
    /** How long to wait, ms, when known (`Retry-After`, or the client's own budget). */
    retryAfterMs?: number;
  };
  /**
   * An answer did not match its schema in a harmless place (`validation: 'lenient'`, the default):
   * the call resolved, and `issues` says where (path, expected, received). Report it: it is how
   * API drift is found.
   */
  unexpectedAnswer: {
    /** Netatmo's method name, e.g. `homestatus`. */
    endpoint: string;
    /** Every place the answer differed, and what lenient validation did about it. */
    issues: readonly AnswerIssue[];
  };
};

/** Name of a client event. */
export type NetatmoEventName = keyof NetatmoEvents;

const eventNames: ReadonlySet<string> = new Set<NetatmoEventName>([
  'tokenRefreshed',
  'refreshTokenRotated',
  'refreshFailed',
  'reauthorizationRequired',
  'retry',
  'rateLimited',
  'unexpectedAnswer',
]);

/**
 * A handler for one event. It may be async and may return anything (`(e) => seen.push(e)` is
 * fine); what it returns is ignored, and a throw or a rejection is logged, never passed on.
 */
export type NetatmoEventHandler<Name extends NetatmoEventName> = (payload: NetatmoEvents[Name]) => unknown;

/**
 * The client's event bus, on mitt. Handlers are isolated: one that throws or rejects is logged
 * and never breaks the refresh or the request that emitted the event, nor the other handlers.
 */
export class EventBus {
  // Created on the first subscription: a service holding thousands of clients (one per user)
  // pays nothing for the buses nobody listens to.
  #emitter: Emitter<NetatmoEvents> | undefined;
  #wrapped: Map<Function, Map<NetatmoEventName, (payload: never) => void>> | undefined;
  readonly #logger: Log;

  constructor(logger: Log) {
    this.#logger = logger;
  }

  on<Name extends NetatmoEventName>(name: Name, handler: NetatmoEventHandler<Name>): () => void {
    if (!eventNames.has(name)) {
      throw invalidOption('event', `unknown event '${String(name)}'; one of ${[...eventNames].join(', ')}`);
    }
    if (typeof handler !== 'function') throw invalidOption('handler', `must be a function, got ${typeof handler}`);
    const safe = (payload: NetatmoEvents[Name]): void => {
      try {
        const result = handler(payload);
        if (result && typeof (result as Promise<unknown>).then === 'function') {
          (result as Promise<unknown>).then(undefined, (error: unknown) => this.#report(name, error));
        }
      } catch (error) {
        this.#report(name, error);
      }
    };
    this.#wrapped ??= new Map();
    this.#emitter ??= mitt<NetatmoEvents>();
    let byName = this.#wrapped.get(handler);
    if (!byName) this.#wrapped.set(handler, (byName = new Map()));
    byName.set(name, safe as (payload: never) => void);
    this.#emitter.on(name, safe);
    return () => this.off(name, handler);
  }

  off<Name extends NetatmoEventName>(name: Name, handler: NetatmoEventHandler<Name>): void {
    const byName = this.#wrapped?.get(handler);
    const safe = byName?.get(name);
    if (!byName || !safe || !this.#emitter) return;
    this.#emitter.off(name, safe as (payload: NetatmoEvents[Name]) => void);
    byName.delete(name);
    if (byName.size === 0) this.#wrapped?.delete(handler);
  }

  emit<Name extends NetatmoEventName>(name: Name, payload: NetatmoEvents[Name]): void {
    this.#emitter?.emit(name, payload);
  }

  /** Whether anyone listens: lets callers skip building a payload. */
  has(name: NetatmoEventName): boolean {
    return (this.#emitter?.all.get(name)?.length ?? 0) > 0;
  }

  #report(name: string, error: unknown): void {
    let message: string;
    try {
      message = error instanceof Error ? error.message : String(error);
    } catch {
      message = 'an unprintable value';
    }
    this.#logger.error(`netatmo-connect: a '${name}' event handler failed: ${message}`);
  }
}
