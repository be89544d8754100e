/** Arithmetic mean Σx/n (NaN for empty input), with Neumaier-compensated summation. */
export function mean(x: ArrayLike<number>): number {
  const n = x.length;
  if (n === 0) return Number.NaN;
  let s = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const t = s + x[i];
    c += Math.abs(s) >= Math.abs(x[i]) ? s - t + x[i] : x[i] - t + s;
    s = t;
  }
  return (s + c) / n;
}
