/**
 * The state a result file carries (issue #18, "results know their state"): whether it is `complete`, the
 * `options` that produced it and its `seeds`. Every command that writes a result JSON into --out adds them
 * with `withState` (compare and experiment write their own, with their checkpoints).
 */

/** Options that only say where or how to show a result, not what it is: left out of `options`. */
const PRESENTATION = new Set(["out", "json", "quiet", "figures", "csv", "timings", "threads"]);

/**
 * The options of a command as parsed (commander's object), without the presentation ones, keys sorted so
 * the bytes do not depend on the order the flags were given in; absent values are left out.
 */
export function resultOptions(opts: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(opts).sort()) {
    const v = (opts as Record<string, unknown>)[key];
    if (!PRESENTATION.has(key) && v !== undefined && typeof v !== "function") out[key] = v;
  }
  return out;
}

/**
 * `result` with `complete` (first; true: a finished result), `options` and `seeds`. A result
 * that already records resolved knobs under `options` (shrink: LISSNAS's) keeps them: they are laid over
 * the command-line options, so `options` holds both and the knobs' resolved values win.
 */
export function withState<T extends object>(
  result: T,
  opts: object & { seed?: number },
  seeds: readonly number[] = opts.seed === undefined ? [] : [opts.seed],
): T & { complete: boolean; options: Record<string, unknown>; seeds: number[] } {
  const own = (result as { options?: unknown }).options;
  const knobs = own && typeof own === "object" ? (own as Record<string, unknown>) : {};
  return {
    complete: true,
    ...result,
    options: { ...resultOptions(opts), ...knobs },
    seeds: [...seeds],
  };
}
