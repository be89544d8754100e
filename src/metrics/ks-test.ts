import { UsageError } from "../core/errors.js";

/** Result of a two-sample Kolmogorov–Smirnov test. */
export interface KsResult {
  /** D = sup_v |F_x(v) − F_y(v)|. */
  d: number;
  /** Two-sided p-value P(D ≥ d) under H0 (both samples from one continuous distribution). */
  pValue: number;
  /** How the p-value was computed. */
  method: "exact" | "asymptotic";
  nx: number;
  ny: number;
}

/** `auto` computes the exact p-value when nx · ny is at most this. */
export const KS_EXACT_LIMIT = 10_000_000;

/**
 * Two-sample Kolmogorov–Smirnov test (Kolmogorov 1933; Smirnov 1939), used by the LISSNAS paper §5.2 (after
 * Radosavovic et al. 2020) to show that two spaces' error EDFs differ.
 *
 * Statistic: D = max_v |F_x(v) − F_y(v)| over every sample value v (right-continuous EDFs, so tied values
 * are stepped over together), computed exactly as D·nx·ny = max |i·ny − j·nx| in integers.
 *
 * p-value, two-sided:
 * - exact (default when nx·ny ≤ KS_EXACT_LIMIT): under H0 the merged order is a uniformly random lattice path
 *   from (0, 0) to (nx, ny); P(D ≥ d) is the probability that the path touches a point with
 *   |i·ny − j·nx| ≥ D·nx·ny. It is computed by dynamic programming over the path (Hodges 1957), as the sum of
 *   the probabilities of first touches (a sum of positive terms, so tiny p-values keep their precision);
 *   O(nx·ny) time, O(ny) memory;
 * - asymptotic (larger samples): the Kolmogorov distribution, p = Q(λ) with λ = D·√(nx·ny/(nx + ny)),
 *   Q(λ) = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²λ²}, and for λ < 1 the equivalent series
 *   1 − (√(2π)/λ) Σ_{k≥1} e^{−(2k−1)²π²/(8λ²)} (faster there). This is scipy's `kstwobign.sf(λ)`, not
 *   scipy's `ks_2samp(method="asymp")`, which uses the one-sample n = round(nx·ny/(nx+ny)) distribution.
 * Ties make the exact p-value conservative (as in scipy). Validated against scipy 1.10 in test/metrics.
 */
export function ksTwoSample(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  method: "auto" | "exact" | "asymptotic" = "auto",
): KsResult {
  const nx = x.length;
  const ny = y.length;
  if (nx === 0 || ny === 0) throw new UsageError("KS test: both samples must be non-empty");
  for (const s of [x, y]) {
    for (let i = 0; i < s.length; i++)
      if (Number.isNaN(s[i])) throw new UsageError("KS test: a sample holds NaN");
  }
  const a = Float64Array.from(x).sort();
  const b = Float64Array.from(y).sort();
  let i = 0;
  let j = 0;
  let dInt = 0;
  while (i < nx || j < ny) {
    const v = i < nx && (j >= ny || a[i] <= b[j]) ? a[i] : b[j];
    while (i < nx && a[i] === v) i++;
    while (j < ny && b[j] === v) j++;
    const diff = Math.abs(i * ny - j * nx);
    if (diff > dInt) dInt = diff;
  }
  const d = dInt / (nx * ny);
  const exact = method === "exact" || (method === "auto" && nx * ny <= KS_EXACT_LIMIT);
  const pValue = exact ? exactP(nx, ny, dInt) : kolmogorovSf(d * Math.sqrt((nx * ny) / (nx + ny)));
  return { d, pValue, method: exact ? "exact" : "asymptotic", nx, ny };
}

/** P(path touches |i·n − j·m| ≥ dInt), paths uniform from (0,0) to (m,n). */
function exactP(m: number, n: number, dInt: number): number {
  if (dInt <= 0) return 1;
  // u[j]: probability of being at (i, j) without having touched the boundary.
  const u = new Float64Array(n + 1);
  let out = 0;
  u[0] = 1;
  for (let j = 1; j <= n; j++) {
    const p = u[j - 1] * ((n - j + 1) / (m + n - j + 1));
    if (Math.abs(j * m) >= dInt) {
      out += p;
      u[j] = 0;
    } else u[j] = p;
  }
  for (let i = 1; i <= m; i++) {
    // from (i−1, j) by an x step: prob (m − i + 1) / (m + n − (i − 1) − j)
    let left = 0;
    for (let j = 0; j <= n; j++) {
      const fromBelow = u[j] * ((m - i + 1) / (m + n - i + 1 - j));
      const fromLeft = j > 0 ? left * ((n - j + 1) / (m + n - i - j + 1)) : 0;
      const p = fromBelow + fromLeft;
      if (Math.abs(i * n - j * m) >= dInt) {
        out += p;
        u[j] = 0;
      } else u[j] = p;
      left = u[j];
    }
  }
  return Math.min(1, out);
}

/** Survival function of the Kolmogorov distribution, Q(λ) = P(K > λ). */
export function kolmogorovSf(lambda: number): number {
  if (!(lambda > 0)) return 1;
  if (lambda < 1) {
    const c = (Math.PI * Math.PI) / (8 * lambda * lambda);
    let s = 0;
    for (let k = 1; k <= 100; k++) {
      const t = Math.exp(-(2 * k - 1) * (2 * k - 1) * c);
      s += t;
      if (t < 1e-18 * s) break;
    }
    return Math.min(1, Math.max(0, 1 - (Math.sqrt(2 * Math.PI) / lambda) * s));
  }
  let s = 0;
  for (let k = 1; k <= 100; k++) {
    const t = Math.exp(-2 * k * k * lambda * lambda);
    s += k % 2 === 1 ? t : -t;
    if (t < 1e-18 * Math.abs(s)) break;
  }
  return Math.min(1, Math.max(0, 2 * s));
}
