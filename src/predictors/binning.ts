/**
 * Feature binning for histogram split finding (XGBoost's `hist` method, Chen & Guestrin 2016 §3.3).
 *
 * Every feature is cut into at most `maxBin` bins once, before boosting; trees then only look at bin
 * indices. A feature with at most `maxBin` distinct training values gets one bin per value, so one-hot and
 * binary features get exact splits; otherwise the cuts are equal-count quantiles of the training values
 * (every row weighs the same: the hessian of squared error is 1). A split "bin ≤ b" is the test
 * `x < cut[b]`, where `cut[b]` is the smallest training value of bin b + 1, as in XGBoost.
 *
 * Besides the dense column-major bin matrix (used to partition rows), each row keeps the list of its bins
 * that differ from its feature's most frequent bin (CSR, and padded to a fixed length — ELL — when rows
 * are about equally long). Histograms are built from that list and the most frequent bin is recovered as
 * the node total minus the other bins: one-hot rows of NB201 touch 6 of 30 features, so histogram
 * building does a fifth of the dense work.
 */
export interface BinnedData {
  readonly rows: number;
  readonly width: number;
  /** Bins of feature f are the global bins featStart[f] … featStart[f + 1] − 1. */
  readonly featStart: Int32Array;
  /** Total number of bins over all features. */
  readonly totalBins: number;
  /** For global bin g: rows with a bin ≤ g go left when x < cuts[g]. +Infinity for a feature's last bin. */
  readonly cuts: Float32Array;
  /** Local bin index of every value, column-major: bins[f · rows + r]. */
  readonly bins: Uint8Array;
  /** Global id of each feature's most frequent bin (left out of the CSR rows); −1 for a constant feature. */
  readonly defaultBin: Int32Array;
  /** CSR row pointers into `rowBins`. */
  readonly rowPtr: Int32Array;
  /** Global bins of each row, other than their feature's most frequent bin. */
  readonly rowBins: Int32Array;
  /**
   * The same rows padded to `ellWidth` entries each (ELL layout, padding pointing at the spare bin
   * `totalBins`), when rows hold about as many entries each (always for one-hot encodings); 0 otherwise.
   */
  readonly ellWidth: number;
  readonly ell: Int32Array;
}

/** Longest row that still gets the ELL layout (its loop is unrolled, see kernels.ts). */
const MAX_ELL_WIDTH = 64;

/** Cut points of one feature's values (see the module comment). Returns the ascending cuts. */
export function featureCuts(values: Float32Array, maxBin: number): Float32Array {
  const sorted = Float32Array.from(values).sort();
  const n = sorted.length;
  let distinct = 0;
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  if (distinct <= maxBin) {
    const cuts = new Float32Array(Math.max(0, distinct - 1));
    let k = 0;
    for (let i = 1; i < n; i++) if (sorted[i] !== sorted[i - 1]) cuts[k++] = sorted[i];
    return cuts;
  }
  // Equal-count quantiles: the k-th cut is the first distinct value with at least k·n/maxBin values below.
  const out: number[] = [];
  let k = 1;
  for (let i = 1; i < n && k < maxBin; i++) {
    if (sorted[i] === sorted[i - 1]) continue;
    if (i >= (k * n) / maxBin) {
      out.push(sorted[i]);
      while (k < maxBin && i >= (k * n) / maxBin) k++;
    }
  }
  return Float32Array.from(out);
}

/** The bin of `x` among ascending `cuts`: the number of cuts ≤ x. */
export function binOf(cuts: Float32Array, from: number, to: number, x: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cuts[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo - from;
}

/** Bins a row-major matrix `x` (rows × width). Values must be finite (checked by the caller). */
export function binData(x: Float32Array, rows: number, width: number, maxBin: number): BinnedData {
  const featStart = new Int32Array(width + 1);
  const perFeature: Float32Array[] = [];
  const column = new Float32Array(rows);
  for (let f = 0; f < width; f++) {
    for (let r = 0; r < rows; r++) column[r] = x[r * width + f];
    const c = featureCuts(column, maxBin);
    perFeature.push(c);
    featStart[f + 1] = featStart[f] + c.length + 1;
  }
  const totalBins = featStart[width];
  const cuts = new Float32Array(totalBins);
  const bins = new Uint8Array(width * rows);
  const defaultBin = new Int32Array(width).fill(-1);
  const counts = new Int32Array(maxBin);
  let sparse = 0;
  for (let f = 0; f < width; f++) {
    const c = perFeature[f];
    cuts.set(c, featStart[f]);
    cuts[featStart[f + 1] - 1] = Number.POSITIVE_INFINITY;
    counts.fill(0);
    for (let r = 0; r < rows; r++) {
      const b = binOf(c, 0, c.length, x[r * width + f]);
      bins[f * rows + r] = b;
      counts[b]++;
    }
    if (c.length === 0) continue; // constant feature: never split, no histogram entries
    let best = 0;
    for (let b = 1; b <= c.length; b++) if (counts[b] > counts[best]) best = b;
    defaultBin[f] = featStart[f] + best;
    sparse += rows - counts[best];
  }
  const rowPtr = new Int32Array(rows + 1);
  const rowBins = new Int32Array(sparse);
  let k = 0;
  for (let r = 0; r < rows; r++) {
    for (let f = 0; f < width; f++) {
      if (defaultBin[f] < 0) continue;
      const g = featStart[f] + bins[f * rows + r];
      if (g !== defaultBin[f]) rowBins[k++] = g;
    }
    rowPtr[r + 1] = k;
  }
  let longest = 0;
  for (let r = 0; r < rows; r++) longest = Math.max(longest, rowPtr[r + 1] - rowPtr[r]);
  // ELL when padding wastes at most a quarter of the work.
  const useEll = longest > 0 && longest <= MAX_ELL_WIDTH && longest * rows <= 1.25 * sparse;
  const ellWidth = useEll ? longest : 0;
  const ell = new Int32Array(useEll ? rows * longest : 0);
  if (useEll) {
    ell.fill(totalBins);
    for (let r = 0; r < rows; r++) ell.set(rowBins.subarray(rowPtr[r], rowPtr[r + 1]), r * longest);
  }
  return { rows, width, featStart, totalBins, cuts, bins, defaultBin, rowPtr, rowBins, ellWidth, ell };
}
