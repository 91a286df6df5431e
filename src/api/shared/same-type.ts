/**
 * Type-level checks that keep each answer's documented interface and its zod schema the same
 * type: a field added, removed or retyped on one side only fails `tsc`.
 */

/**
 * `true` when `A` and `B` are the same type, else `false`: identical as the compiler compares
 * declarations (catches an extra optional field an index signature would hide), and assignable
 * both ways (catches `?: T` against `?: T | undefined` under `exactOptionalPropertyTypes`).
 */
export type Equals<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? ([A] extends [B] ? ([B] extends [A] ? true : false) : false) : false;

/** Compiles only for `true`: `type _Check = Expect<Equals<A, B>>`. */
export type Expect<T extends true> = T;
