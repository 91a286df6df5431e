/** The outcome of one conformance check. */
export interface ConformanceCheck {
  /** What the check proves, e.g. `round trip: load() returns what save() stored`. */
  name: string;
  /** `skipped` when the implementation lacks an optional part (no `withLock`, no `clear`, …). */
  status: 'passed' | 'failed' | 'skipped';
  /** Why it failed or was skipped; absent when it passed. */
  reason?: string;
}

/**
 * What a conformance suite resolves to: every check with its outcome. It never throws for a
 * failed check, so it fits any test framework (or none):
 *
 * @example
 * ```ts
 * const report = await runTokenStoreConformance(() => new MyStore(db));
 * if (report.failed.length > 0) throw new Error(report.summary);
 * ```
 */
export interface ConformanceReport {
  /** `TokenStore` or `RateLimiter`. */
  subject: string;
  /** Every check, in the order run. */
  checks: ConformanceCheck[];
  /** The checks that passed. */
  passed: ConformanceCheck[];
  /** The checks that failed, each with its reason. */
  failed: ConformanceCheck[];
  /** The checks skipped, each with its reason. */
  skipped: ConformanceCheck[];
  /** True when nothing failed. */
  ok: boolean;
  /** One line per check, for a test failure message or a log. */
  summary: string;
}

/** Thrown by a check to say why it failed; any other error fails the check with its message. */
export class CheckFailure extends Error {
  override name = 'CheckFailure';
}

/** Thrown by a check to skip it (an optional part is missing). */
export class CheckSkipped extends Error {
  override name = 'CheckSkipped';
}

/** Fails the current check with `reason` unless `condition` holds. */
export function expectThat(condition: boolean, reason: string): asserts condition {
  if (!condition) throw new CheckFailure(reason);
}

/** One named check. */
export interface CheckDefinition {
  name: string;
  run: () => Promise<void>;
}

/** Runs `checks` one after another (never in parallel: they share storage) and builds the report. */
export async function runChecks(subject: string, checks: readonly CheckDefinition[], timeoutMs: number): Promise<ConformanceReport> {
  const results: ConformanceCheck[] = [];
  for (const check of checks) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new CheckFailure(`did not finish within ${timeoutMs} ms (a deadlock, or a wait that never ends)`)), timeoutMs);
    });
    try {
      await Promise.race([check.run(), timeout]);
      results.push({ name: check.name, status: 'passed' });
    } catch (error) {
      const skipped = error instanceof CheckSkipped;
      const reason = error instanceof Error ? `${error instanceof CheckFailure || skipped ? '' : `threw ${error.name}: `}${error.message}` : `threw ${String(error)}`;
      results.push({ name: check.name, status: skipped ? 'skipped' : 'failed', reason });
    } finally {
      clearTimeout(timer);
    }
  }
  const failed = results.filter((check) => check.status === 'failed');
  return {
    subject,
    checks: results,
    passed: results.filter((check) => check.status === 'passed'),
    failed,
    skipped: results.filter((check) => check.status === 'skipped'),
    ok: failed.length === 0,
    summary: results.map((check) => `${check.status === 'passed' ? '✓' : check.status === 'failed' ? '✗' : '-'} ${subject}: ${check.name}${check.reason ? ` (${check.reason})` : ''}`).join('\n'),
  };
}

/** True for a netatmo-connect error of that name, from this copy of the package or another. */
export function isErrorNamed(error: unknown, name: string): error is Error & Record<string, unknown> {
  return error instanceof Error && error.name === name;
}

/** A random suffix, so checks never see each other's data. */
export function uniqueId(): string {
  return globalThis.crypto.randomUUID().slice(0, 8);
}
