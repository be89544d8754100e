import type { BinnedData } from "./binning.js";
import type { EnsembleBuilder } from "./ensemble.js";
import { type HistKernel, histKernel } from "./kernels.js";

/** The tree-growing knobs, with XGBoost's names and meanings (see gbdt.ts). */
export interface TreeParams {
  eta: number;
  maxDepth: number;
  minChildWeight: number;
  lambda: number;
  gamma: number;
}

/** XGBoost's kRtEps: a split must reduce the loss by more than this. */
const MIN_LOSS_CHANGE = 1e-6;

/**
 * Grows one regression tree per boosting round on pre-binned data, the way XGBoost's `hist` updater does
 * with `grow_policy=depthwise` (Chen & Guestrin 2016, Alg. 1 with histograms):
 *
 * - level by level, every node of a depth is split before the next depth starts;
 * - a node's gradient/hessian histogram is built from its rows for the smaller child only, the larger
 *   child's is parent − sibling (the subtraction trick);
 * - the best split of a node maximises the second-order loss reduction
 *   ½·[G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)] (the factor ½ dropped, as XGBoost does), scanning each
 *   feature's bins left to right; both children need a hessian sum ≥ min_child_weight, ties go to the
 *   lower feature and the lower bin, the gain is rounded to float32 as XGBoost stores it, and a split is
 *   kept when its loss change exceeds 1e-6 and is at least gamma;
 * - a leaf's value is eta · (−G/(H+λ)) (0 when H < min_child_weight).
 *
 * Rows live in one index array, partitioned in place (stably) as nodes split, so every node is a
 * contiguous range; no per-row or per-node objects are created. One grower is reused for every round.
 */
export class TreeGrower {
  private readonly data: BinnedData;
  private readonly p: TreeParams;
  private readonly rowIdx: Int32Array;
  private readonly identity: Int32Array;
  private readonly leafPair = new Float64Array(2);
  private readonly scratch: Int32Array;
  private pools: [Float64Array, Float64Array];
  private readonly histSize: number;
  private readonly histK: HistKernel | undefined;
  /** Split candidates of all non-constant features in order: bin, feature, and 1 at a feature's first. */
  private readonly scanBin: Int32Array;
  private readonly scanFeature: Int32Array;
  private readonly scanFirst: Uint8Array;
  /** Bins that are not their feature's most frequent one, with their feature; per-feature scratch sums. */
  private readonly otherBin: Int32Array;
  private readonly otherFeature: Int32Array;
  private readonly sumG: Float64Array;
  private readonly sumH: Float64Array;
  // Two levels of node bookkeeping (current and next), swapped after every depth.
  private lv: LevelArrays;
  private nx: LevelArrays;
  // Best split found by findSplit.
  private bestBin = -1;
  private bestFeature = -1;
  private bestGL = 0;
  private bestHL = 0;

  constructor(data: BinnedData, params: TreeParams) {
    this.data = data;
    this.p = params;
    const n = data.rows;
    this.rowIdx = new Int32Array(n);
    this.identity = new Int32Array(n);
    for (let i = 0; i < n; i++) this.identity[i] = i;
    this.scratch = new Int32Array(n);
    // One spare bin at the end absorbs the ELL padding entries.
    this.histSize = 2 * (data.totalBins + 1);
    this.histK = data.ellWidth > 0 ? histKernel(data.ellWidth) : undefined;
    const scan: number[] = [];
    const scanF: number[] = [];
    const first: number[] = [];
    const other: number[] = [];
    const otherF: number[] = [];
    for (let f = 0; f < data.width; f++) {
      if (data.defaultBin[f] < 0) continue;
      for (let g = data.featStart[f]; g < data.featStart[f + 1]; g++) {
        if (g < data.featStart[f + 1] - 1) {
          scan.push(g);
          scanF.push(f);
          first.push(g === data.featStart[f] ? 1 : 0);
        }
        if (g !== data.defaultBin[f]) {
          other.push(g);
          otherF.push(f);
        }
      }
    }
    this.scanBin = Int32Array.from(scan);
    this.scanFeature = Int32Array.from(scanF);
    this.scanFirst = Uint8Array.from(first);
    this.otherBin = Int32Array.from(other);
    this.otherFeature = Int32Array.from(otherF);
    this.sumG = new Float64Array(data.width);
    this.sumH = new Float64Array(data.width);
    this.pools = [new Float64Array(this.histSize), new Float64Array(this.histSize)];
    this.lv = new LevelArrays(Math.max(1, n));
    this.nx = new LevelArrays(Math.max(1, n));
  }

  /**
   * Grows one tree on gradients `grad` and hessians `hess` (rows not sampled this round have both 0) whose
   * sums are G and H, considering only features with active[f] = 1; appends it to `out` and adds its leaf
   * values to `pred`.
   */
  grow(
    grad: Float64Array,
    hess: Float64Array,
    G: number,
    H: number,
    active: Uint8Array,
    out: EnsembleBuilder,
    pred: Float64Array,
  ): void {
    const { rows: n, cuts, featStart } = this.data;
    const { eta, maxDepth } = this.p;
    const rowIdx = this.rowIdx;
    rowIdx.set(this.identity);
    const root = out.addLeaf(eta * this.weight(G, H));
    let lv = this.lv;
    let nx = this.nx;
    lv.count = 1;
    lv.begin[0] = 0;
    lv.end[0] = n;
    lv.g[0] = G;
    lv.h[0] = H;
    lv.node[0] = root;
    lv.slot[0] = -1;
    let cur = 0; // index of the pool holding the current level's histograms
    if (this.canSplit(0, H)) {
      this.ensurePool(cur, 1);
      this.buildHist(this.pools[cur], 0, 0, n, G, H, grad, hess);
      lv.slot[0] = 0;
    }
    for (let depth = 0; depth < maxDepth && lv.count > 0; depth++) {
      nx.count = 0;
      let slots = 0;
      const hist = this.pools[cur];
      for (let j = 0; j < lv.count; j++) {
        const b = lv.begin[j];
        const e = lv.end[j];
        const g = lv.g[j];
        const h = lv.h[j];
        if (lv.slot[j] < 0 || !this.findSplit(hist, lv.slot[j] * this.histSize, g, h, active)) {
          addLeafValues(pred, rowIdx, b, e, out.valueOf(lv.node[j]));
          continue;
        }
        const f = this.bestFeature;
        const gbin = this.bestBin;
        const gl = this.bestGL;
        const hl = this.bestHL;
        const gr = g - gl;
        const hr = h - hl;
        const l = out.addLeaf(eta * this.weight(gl, hl));
        const r = out.addLeaf(eta * this.weight(gr, hr));
        out.setSplit(lv.node[j], f, cuts[gbin], l, r);
        const needL = this.canSplit(depth + 1, hl);
        const needR = this.canSplit(depth + 1, hr);
        if (!needL && !needR) {
          // Both children are final leaves (always so at the last depth): add their values directly,
          // without partitioning the rows.
          this.addSplitValues(pred, b, e, f, gbin - featStart[f], out.valueOf(l), out.valueOf(r));
          continue;
        }
        const mid = this.partition(b, e, f, gbin - featStart[f]);
        const jl = nx.count++;
        const jr = nx.count++;
        nx.set(jl, b, mid, gl, hl, l);
        nx.set(jr, mid, e, gr, hr, r);
        // Children histograms: the smaller child from its rows, the larger as parent − smaller.
        const small = mid - b <= e - mid ? jl : jr;
        const large = small === jl ? jr : jl;
        const needLarge = large === jl ? needL : needR;
        this.ensurePool(1 - cur, slots + 2);
        const next = this.pools[1 - cur];
        const ss = slots++;
        this.buildHist(next, ss, nx.begin[small], nx.end[small], nx.g[small], nx.h[small], grad, hess);
        nx.slot[small] = ss;
        if (needLarge) {
          const ls = slots++;
          subtractHist(
            next,
            ls * this.histSize,
            hist,
            lv.slot[j] * this.histSize,
            next,
            ss * this.histSize,
            this.histSize,
          );
          nx.slot[large] = ls;
        }
        if (small === jl ? !needL : !needR) nx.slot[small] = -1;
      }
      const t = lv;
      lv = nx;
      nx = t;
      cur = 1 - cur;
    }
    // Nodes left at the last depth are leaves.
    for (let j = 0; j < lv.count; j++)
      addLeafValues(pred, rowIdx, lv.begin[j], lv.end[j], out.valueOf(lv.node[j]));
    this.lv = lv;
    this.nx = nx;
    out.endTree();
  }

  /** Leaf weight −G/(H+λ), 0 when H < min_child_weight or H ≤ 0 (XGBoost's CalcWeight). */
  weight(g: number, h: number): number {
    if (h < this.p.minChildWeight || h <= 0) return 0;
    return -g / (h + this.p.lambda);
  }

  /** Whether a node at `depth` with hessian sum h may split (so needs a histogram). */
  private canSplit(depth: number, h: number): boolean {
    return depth < this.p.maxDepth && h > 0 && h >= 2 * this.p.minChildWeight;
  }

  /** Adds leaf value vl or vr to the prediction of every row of rowIdx[b, e), by the split (f, bin). */
  private addSplitValues(
    pred: Float64Array,
    b: number,
    e: number,
    f: number,
    bin: number,
    vl: number,
    vr: number,
  ): void {
    const { bins, rows } = this.data;
    const rowIdx = this.rowIdx;
    const col = f * rows;
    const v = this.leafPair;
    v[0] = vl;
    v[1] = vr;
    for (let k = b; k < e; k++) {
      const r = rowIdx[k];
      pred[r] += v[(bin - bins[col + r]) >>> 31];
    }
  }

  /** Finds the best split of a node from its histogram at `base`; false when no split is worth it. */
  private findSplit(hist: Float64Array, base: number, G: number, H: number, active: Uint8Array): boolean {
    const { lambda, minChildWeight: mcw, gamma } = this.p;
    const rootGain = Math.fround(H < mcw || H <= 0 ? 0 : (G * G) / (H + lambda));
    let best = 0;
    let bestBin = -1;
    let bestFeature = -1;
    let bestGL = 0;
    let bestHL = 0;
    // One flat pass over the candidate bins of all features (no short inner loop per feature).
    const { scanBin, scanFeature, scanFirst } = this;
    let gl = 0;
    let hl = 0;
    for (let i = 0; i < scanBin.length; i++) {
      const f = scanFeature[i];
      if (active[f] === 0) continue;
      const g = scanBin[i];
      if (scanFirst[i] === 1) {
        gl = 0;
        hl = 0;
      }
      gl += hist[base + 2 * g];
      hl += hist[base + 2 * g + 1];
      if (hl < mcw) continue;
      const hr = H - hl;
      if (hr < mcw) continue; // and so are this feature's later bins: hr only falls
      const gr = G - gl;
      const gainL = hl <= 0 ? 0 : (gl * gl) / (hl + lambda);
      const gainR = hr <= 0 ? 0 : (gr * gr) / (hr + lambda);
      const loss = Math.fround(Math.fround(gainL + gainR) - rootGain);
      if (loss > best) {
        best = loss;
        bestBin = g;
        bestFeature = f;
        bestGL = gl;
        bestHL = hl;
      }
    }
    if (bestFeature < 0 || !(best > MIN_LOSS_CHANGE) || best < gamma) return false;
    if (!(bestHL > 0) || !(H - bestHL > 0)) return false;
    this.bestBin = bestBin;
    this.bestFeature = bestFeature;
    this.bestGL = bestGL;
    this.bestHL = bestHL;
    return true;
  }

  /** Stable in-place partition of rowIdx[b, e): rows with bin ≤ `bin` of feature f first. Returns the split point. */
  private partition(b: number, e: number, f: number, bin: number): number {
    const { bins, rows } = this.data;
    const rowIdx = this.rowIdx;
    const scratch = this.scratch;
    const col = f * rows;
    let nl = b;
    let nr = 0;
    // Branch-free: every row is written to both sides and only one cursor moves (the left/right
    // decision is data-dependent and would mispredict half the time); (bin − b) >>> 31 is 1 when b > bin.
    for (let k = b; k < e; k++) {
      const r = rowIdx[k];
      const goRight = (bin - bins[col + r]) >>> 31;
      rowIdx[nl] = r;
      scratch[nr] = r;
      nl += 1 - goRight;
      nr += goRight;
    }
    if (nr > 0) rowIdx.set(scratch.subarray(0, nr), nl);
    return nl;
  }

  /** Builds the histogram of rows rowIdx[b, e) into slot `slot` of `pool` (see binning.ts for the CSR trick). */
  private buildHist(
    pool: Float64Array,
    slot: number,
    b: number,
    e: number,
    G: number,
    H: number,
    grad: Float64Array,
    hess: Float64Array,
  ): void {
    const { rowPtr, rowBins, defaultBin, width } = this.data;
    const rowIdx = this.rowIdx;
    const base = slot * this.histSize;
    pool.fill(0, base, base + this.histSize);
    if (this.histK) this.histK(rowIdx, b, e, this.data.ell, grad, hess, pool, base);
    else
      for (let k = b; k < e; k++) {
        const r = rowIdx[k];
        const g = grad[r];
        const h = hess[r];
        const end = rowPtr[r + 1];
        for (let j = rowPtr[r]; j < end; j++) {
          const at = base + (rowBins[j] << 1);
          pool[at] += g;
          pool[at + 1] += h;
        }
      }
    // Each feature's most frequent bin is the node total minus its other bins (one flat pass).
    const { sumG, sumH, otherBin, otherFeature } = this;
    sumG.fill(G);
    sumH.fill(H);
    for (let i = 0; i < otherBin.length; i++) {
      const at = base + 2 * otherBin[i];
      sumG[otherFeature[i]] -= pool[at];
      sumH[otherFeature[i]] -= pool[at + 1];
    }
    for (let f = 0; f < width; f++) {
      const d = defaultBin[f];
      if (d < 0) continue;
      pool[base + 2 * d] = sumG[f];
      pool[base + 2 * d + 1] = sumH[f];
    }
  }

  private ensurePool(which: number, slots: number): void {
    const need = slots * this.histSize;
    if (this.pools[which].length >= need) return;
    const grown = new Float64Array(Math.max(need, this.pools[which].length * 2));
    grown.set(this.pools[which]);
    this.pools[which] = grown;
  }
}

/** Per-depth node bookkeeping as parallel typed arrays. */
class LevelArrays {
  count = 0;
  readonly begin: Int32Array;
  readonly end: Int32Array;
  readonly g: Float64Array;
  readonly h: Float64Array;
  readonly node: Int32Array;
  readonly slot: Int32Array;
  constructor(cap: number) {
    this.begin = new Int32Array(cap);
    this.end = new Int32Array(cap);
    this.g = new Float64Array(cap);
    this.h = new Float64Array(cap);
    this.node = new Int32Array(cap);
    this.slot = new Int32Array(cap);
  }
  set(j: number, begin: number, end: number, g: number, h: number, node: number): void {
    this.begin[j] = begin;
    this.end[j] = end;
    this.g[j] = g;
    this.h[j] = h;
    this.node[j] = node;
    this.slot[j] = -1;
  }
}

function addLeafValues(pred: Float64Array, rowIdx: Int32Array, b: number, e: number, v: number): void {
  for (let k = b; k < e; k++) pred[rowIdx[k]] += v;
}

function subtractHist(
  out: Float64Array,
  at: number,
  a: Float64Array,
  aAt: number,
  b: Float64Array,
  bAt: number,
  size: number,
): void {
  for (let i = 0; i < size; i++) out[at + i] = a[aAt + i] - b[bAt + i];
}
