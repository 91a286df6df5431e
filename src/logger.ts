/**
 * Where the SDK reports what it does. `console` fits; so do pino and winston loggers.
 * It never receives a token or a secret: tokens appear only as fingerprints.
 *
 * @example
 * ```ts
 * createNetatmoClient({ clientId, clientSecret, logger: console });
 * ```
 */
export interface Logger {
  debug(message: string, ...details: unknown[]): void;
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

const ignore = (): void => {};

/** The default: says nothing. */
export const silentLogger: Logger = Object.freeze({ debug: ignore, info: ignore, warn: ignore, error: ignore });
