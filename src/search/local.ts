import type { Rng } from "../core/rng.js";
import type { RunState } from "./problem.js";

/** Options of local search (names follow the local-search paper's code). */
export interface LocalSearchOptions {
  /** Random architectures queried at each (re)start; the climb starts from the best of them. */
  numInit: number;
  /** Evaluate the whole neighbourhood and move to its best (`query_full_nbhd`), instead of first improvement. */
  fullNeighbourhood: boolean;
  /**
   * At a local optimum: true restarts from a fresh batch of `numInit` random architectures
   * (`stop_at_minimum`); false continues from the best queried architecture not yet expanded.
   */
  restart: boolean;
}

/**
 * Optional hook that orders the unqueried neighbours of the current architecture before they are tried,
 * and picks restart batches (predictor-guided local search). Without it, neighbours are tried in a uniformly
 * shuffled order and restart batches are uniform random samples.
 */
export interface LocalSearchGuide {
  /** Reorders `list[0..len)` in place (the most promising first). It is already uniformly shuffled. */
  order(st: RunState, list: Int32Array, len: number, rng: Rng): void;
  /** Proposes the next architecture of a restart batch (not yet queried), or −1 to sample uniformly. */
  propose?(st: RunState, rng: Rng): number;
}

/**
 * Local search (hill climbing) over a space's edit-distance-1 neighbourhood, as the local-search paper
 * (White, Nolen, Ravi, Savani 2021) runs it on NAS benchmarks:
 *
 * 1. query `numInit` random architectures not queried before and start from the best;
 * 2. first improvement: try the neighbours in random order, skipping those already queried, and move to the
 *    first strictly better one; full neighbourhood: query every unqueried neighbour and move to the best if
 *    it is strictly better than the current one;
 * 3. at a local optimum (no unqueried neighbour is better) restart at 1, or continue from the best queried
 *    architecture not yet expanded (`restart = false`; at 1 again when every queried one was expanded).
 *
 * Stops when the budget is spent (the counter refuses a query beyond it), when the optimum is reached with
 * `untilOptimum`, or when no new architecture can be sampled.
 */
export function localSearch(
  st: RunState,
  rng: Rng,
  opts: LocalSearchOptions,
  guide?: LocalSearchGuide,
): void {
  const ctx = st.ctx;
  const heap = opts.restart ? undefined : new ValueHeap(st.budget);
  const expanded = new Set<number>();
  let pushed = 0;
  const sync = () => {
    // Feed newly queried architectures into the "best unexpanded" heap.
    if (!heap) return;
    const q = st.counter.queries;
    for (; pushed < q; pushed++) heap.push(st.values[pushed], st.order[pushed]);
  };

  outer: while (!st.done) {
    let cur = -1;
    let curV = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < opts.numInit && !st.done; i++) {
      let n = guide?.propose ? guide.propose(st, rng) : -1;
      if (n < 0) n = st.sampleNew(rng);
      if (n < 0) {
        if (cur < 0) {
          st.exhaust();
          return;
        }
        break;
      }
      st.steps++;
      const v = st.query(n);
      if (v > curV) {
        curV = v;
        cur = n;
      }
    }
    if (cur < 0) return;
    while (!st.done) {
      expanded.add(cur);
      const nb = ctx.neighbours(cur);
      const buf = ctx.scratch;
      let len = 0;
      for (let i = 0; i < nb.length; i++) if (!st.queried(nb[i])) buf[len++] = nb[i];
      for (let i = len - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        const t = buf[i];
        buf[i] = buf[j];
        buf[j] = t;
      }
      if (guide && len > 1) guide.order(st, buf, len, rng);
      let next = -1;
      let nextV = curV;
      for (let i = 0; i < len && !st.done; i++) {
        const n = buf[i];
        if (i > 0 && st.queried(n)) continue; // an isomorph of a neighbour just queried
        st.steps++;
        const v = st.query(n);
        if (v > nextV) {
          next = n;
          nextV = v;
          if (!opts.fullNeighbourhood) break;
        }
      }
      if (next >= 0) {
        cur = next;
        curV = nextV;
        continue;
      }
      if (opts.restart) continue outer;
      sync();
      cur = -1;
      while (heap!.size > 0) {
        const n = heap!.pop();
        if (!expanded.has(n)) {
          cur = n;
          break;
        }
      }
      if (cur < 0) continue outer;
      curV = st.counter.known(ctx.arch(cur))!;
    }
  }
}

/** A max-heap of (value, node), ties broken by the smaller insertion index (earlier query first). */
class ValueHeap {
  private readonly v: Float64Array;
  private readonly n: Int32Array;
  private readonly t: Int32Array;
  size = 0;
  private count = 0;
  constructor(capacity: number) {
    this.v = new Float64Array(capacity);
    this.n = new Int32Array(capacity);
    this.t = new Int32Array(capacity);
  }
  private above(i: number, j: number): boolean {
    return this.v[i] > this.v[j] || (this.v[i] === this.v[j] && this.t[i] < this.t[j]);
  }
  private swap(i: number, j: number): void {
    const v = this.v[i];
    this.v[i] = this.v[j];
    this.v[j] = v;
    const n = this.n[i];
    this.n[i] = this.n[j];
    this.n[j] = n;
    const t = this.t[i];
    this.t[i] = this.t[j];
    this.t[j] = t;
  }
  push(value: number, node: number): void {
    let i = this.size++;
    this.v[i] = value;
    this.n[i] = node;
    this.t[i] = this.count++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.above(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }
  pop(): number {
    const top = this.n[0];
    this.size--;
    if (this.size > 0) {
      this.swap(0, this.size);
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.size && this.above(l, m)) m = l;
        if (r < this.size && this.above(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }
}
