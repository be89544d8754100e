/**
 * A tree ensemble as flat typed arrays (no per-node objects).
 *
 * Nodes of all trees are concatenated; tree t owns nodes treeStart[t] … treeStart[t + 1] − 1 and its root
 * is the first of them. Node i is a leaf when feature[i] = −1; otherwise rows with
 * x[feature[i]] < threshold[i] go to left[i], the others to right[i] (node indices are global). value[i]
 * is the node's output already multiplied by the learning rate (internal nodes keep theirs too, as XGBoost
 * does, which makes truncated trees meaningful). Prediction is baseScore + Σ_t value[leaf_t(x)].
 */
export interface Ensemble {
  readonly treeStart: Int32Array;
  readonly feature: Int32Array;
  readonly threshold: Float32Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly value: Float64Array;
}

/** Number of trees of an ensemble. */
export function treeCount(e: Ensemble): number {
  return e.treeStart.length - 1;
}

/** The first `trees` trees of an ensemble (used by early stopping to keep the best iteration). */
export function truncate(e: Ensemble, trees: number): Ensemble {
  const end = e.treeStart[trees];
  return {
    treeStart: e.treeStart.slice(0, trees + 1),
    feature: e.feature.slice(0, end),
    threshold: e.threshold.slice(0, end),
    left: e.left.slice(0, end),
    right: e.right.slice(0, end),
    value: e.value.slice(0, end),
  };
}

/** Appends nodes tree by tree into growable typed arrays. */
export class EnsembleBuilder {
  private cap = 1024;
  private n = 0;
  private feature = new Int32Array(this.cap);
  private threshold = new Float32Array(this.cap);
  private left = new Int32Array(this.cap);
  private right = new Int32Array(this.cap);
  private value = new Float64Array(this.cap);
  private readonly starts: number[] = [0];

  /** Global index the next node will get. */
  get size(): number {
    return this.n;
  }

  /** Adds a leaf and returns its global index. */
  addLeaf(value: number): number {
    if (this.n === this.cap) this.grow();
    const i = this.n++;
    this.feature[i] = -1;
    this.threshold[i] = 0;
    this.left[i] = -1;
    this.right[i] = -1;
    this.value[i] = value;
    return i;
  }

  /** Turns leaf `i` into a split on `feature` at `threshold` with the given children. */
  setSplit(i: number, feature: number, threshold: number, left: number, right: number): void {
    this.feature[i] = feature;
    this.threshold[i] = threshold;
    this.left[i] = left;
    this.right[i] = right;
  }

  /** The value of node `i`. */
  valueOf(i: number): number {
    return this.value[i];
  }

  /** The leaf reached from node `root` by the row of `x` starting at `offset`. */
  leafFor(root: number, x: Float32Array, offset: number): number {
    const { feature, threshold, left, right } = this;
    let i = root;
    while (feature[i] >= 0) i = x[offset + feature[i]] < threshold[i] ? left[i] : right[i];
    return i;
  }

  /** Closes the current tree. */
  endTree(): void {
    this.starts.push(this.n);
  }

  /** Number of closed trees. */
  get trees(): number {
    return this.starts.length - 1;
  }

  build(): Ensemble {
    const n = this.n;
    return {
      treeStart: Int32Array.from(this.starts),
      feature: this.feature.slice(0, n),
      threshold: this.threshold.slice(0, n),
      left: this.left.slice(0, n),
      right: this.right.slice(0, n),
      value: this.value.slice(0, n),
    };
  }

  private grow(): void {
    this.cap *= 2;
    const f = new Int32Array(this.cap);
    f.set(this.feature);
    this.feature = f;
    const t = new Float32Array(this.cap);
    t.set(this.threshold);
    this.threshold = t;
    const l = new Int32Array(this.cap);
    l.set(this.left);
    this.left = l;
    const r = new Int32Array(this.cap);
    r.set(this.right);
    this.right = r;
    const v = new Float64Array(this.cap);
    v.set(this.value);
    this.value = v;
  }
}
