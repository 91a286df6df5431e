import { EventBus, type NetatmoEventName, type NetatmoEvents } from '../events.js';
import { silentLog, type Log } from '../logger.js';

/** Every client event of a `NetatmoApp`, each payload with the `userId` of the client that emitted it. */
export type NetatmoAppEvents = {
  [Name in NetatmoEventName]: NetatmoEvents[Name] & {
    /** The user whose client emitted the event (the `userId` of `app.forUser(userId)`). */
    userId: string;
  };
};

/** A handler of an app event; like client handlers, it may be async and never breaks a call. */
export type NetatmoAppEventHandler<Name extends NetatmoEventName> = (payload: NetatmoAppEvents[Name]) => unknown;

/**
 * The app's own event bus: handlers subscribe once for every user. Handlers are isolated as on
 * a client: a throw or a rejection is logged and goes no further.
 */
export class AppEventBus {
  readonly #handlers = new Map<NetatmoEventName, Set<(payload: never) => unknown>>();
  readonly #log: Log;
  /** Checks names and handlers exactly as a client's `on` does, with the same messages. */
  readonly #checker = new EventBus(silentLog);

  constructor(log: Log) {
    this.#log = log;
  }

  on<Name extends NetatmoEventName>(name: Name, handler: NetatmoAppEventHandler<Name>): () => void {
    this.#checker.on(name, handler as never)();
    let set = this.#handlers.get(name);
    if (!set) this.#handlers.set(name, (set = new Set()));
    set.add(handler as (payload: never) => unknown);
    return () => this.off(name, handler);
  }

  off<Name extends NetatmoEventName>(name: Name, handler: NetatmoAppEventHandler<Name>): void {
    this.#handlers.get(name)?.delete(handler as (payload: never) => unknown);
  }

  has(name: NetatmoEventName): boolean {
    return (this.#handlers.get(name)?.size ?? 0) > 0;
  }

  emit<Name extends NetatmoEventName>(name: Name, payload: NetatmoAppEvents[Name]): void {
    for (const handler of this.#handlers.get(name) ?? []) {
      try {
        const result = (handler as NetatmoAppEventHandler<Name>)(payload);
        if (result && typeof (result as Promise<unknown>).then === 'function') {
          (result as Promise<unknown>).then(undefined, (error: unknown) => this.#report(name, error));
        }
      } catch (error) {
        this.#report(name, error);
      }
    }
  }

  #report(name: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.#log.error(`netatmo-connect: an app '${name}' event handler failed: ${message}`);
  }
}

/**
 * One user's client bus: emits to the client's own handlers, then to the app's with `userId`
 * added. The app holds no reference to it, so a released client can be collected.
 */
export class UserEventBus extends EventBus {
  readonly #app: AppEventBus;
  readonly #userId: string;

  constructor(log: Log, app: AppEventBus, userId: string) {
    super(log);
    this.#app = app;
    this.#userId = userId;
  }

  override emit<Name extends NetatmoEventName>(name: Name, payload: NetatmoEvents[Name]): void {
    super.emit(name, payload);
    if (this.#app.has(name)) this.#app.emit(name, { ...payload, userId: this.#userId } as NetatmoAppEvents[Name]);
  }

  override has(name: NetatmoEventName): boolean {
    return super.has(name) || this.#app.has(name);
  }
}
