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
  const expanded = heap ? new Set<number>() : undefined; // read only when continuing from the heap
  let pushed = 0;
  const sync = () => {
    // Feed newly queried architectures into the "best unexpanded" heap.
    if (!heap) return;
    const q = st.counter.queries;
    for (; pushed < q; pushed++) {
      // a failed evaluation (NaN) is never a place to continue from
      if (!Number.isNaN(st.values[pushed])) heap.push(st.values[pushed], st.order[pushed]);
    }
  };

  // Issue #14: a run that knows architectures already (a shrinkage's queries) climbs first from the best.
  let knownStart = st.knownStart;
  outer: while (!st.done) {
    let cur = -1;
    let curV = Number.NEGATIVE_INFINITY;
    const fromKnown = knownStart >= 0;
    if (fromKnown) {
      cur = knownStart;
      curV = st.counter.known(ctx.arch(cur))!;
      knownStart = -1;
    } else if (st.batch > 1) {
      const steps = st.steps;
      cur = initialBatches(st, rng, opts.numInit, guide);
      if (cur < 0) {
        if (st.steps > steps || st.done) continue; // all failed, or the budget is spent
        st.exhaust(); // nothing new to draw
        return;
      }
      curV = st.counter.known(ctx.arch(cur))!;
    }
    for (let i = st.batch > 1 || fromKnown ? opts.numInit : 0; i < opts.numInit && !st.done; i++) {
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
    if (cur < 0) continue; // every start failed (NaN) — or the budget is spent
    while (!st.done) {
      expanded?.add(cur);
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
      if (st.batch > 1) [next, nextV] = neighbourBatches(st, buf, len, curV, opts.fullNeighbourhood);
      for (let i = st.batch > 1 ? len : 0; i < len && !st.done; i++) {
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
        if (!expanded!.has(n)) {
          cur = n;
          break;
        }
      }
      if (cur < 0) continue outer;
      curV = st.counter.known(ctx.arch(cur))!;
    }
  }
}

/**
 * Batch variant of the (re)start (`st.batch` = N > 1): up to `numInit` new architectures, queried N at a
 * time; returns the best (−1 when none could be drawn, or all failed).
 */
function initialBatches(st: RunState, rng: Rng, numInit: number, guide?: LocalSearchGuide): number {
  const nodes = new Int32Array(st.batch);
  const values = new Float64Array(st.batch);
  let best = -1;
  let bestV = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < numInit && !st.done; ) {
    const room = Math.min(st.batchRoom(), numInit - i);
    let len = 0;
    if (guide?.propose) {
      const keys = new Set<number>();
      for (let t = 0; len < room && t < room * 4; t++) {
        let n = guide.propose(st, rng);
        if (n < 0) n = st.sampleNew(rng);
        if (n < 0) break;
        const key = st.ctx.space.key(st.ctx.arch(n));
        if (keys.has(key)) continue;
        keys.add(key);
        nodes[len++] = n;
      }
    } else {
      len = st.sampleBatch(rng, room, nodes);
    }
    if (len === 0) break;
    st.steps += len;
    st.queryBatch(nodes, len, values);
    for (let j = 0; j < len; j++) {
      if (values[j] > bestV) {
        bestV = values[j];
        best = nodes[j];
      }
    }
    i += len;
  }
  return best;
}

/**
 * Batch variant of one climbing step (`st.batch` = N > 1): the next N untried neighbours (in the list's
 * order) are queried at once; first improvement moves to the first improving one in list order (the rest
 * of the batch is spent all the same), full neighbourhood queries every batch and moves to the best.
 * Returns [next node or −1, its value].
 */
function neighbourBatches(
  st: RunState,
  buf: Int32Array,
  len: number,
  curV: number,
  full: boolean,
): [number, number] {
  const chunk = new Int32Array(st.batch);
  const values = new Float64Array(st.batch);
  const space = st.ctx.space;
  let next = -1;
  let nextV = curV;
  for (let i = 0; i < len && !st.done && (full || next < 0); ) {
    const room = st.batchRoom();
    const keys = new Set<number>();
    let k = 0;
    for (; i < len && k < room; i++) {
      const n = buf[i];
      if (st.queried(n)) continue;
      const key = space.key(st.ctx.arch(n));
      if (keys.has(key)) continue; // isomorphs within the batch
      keys.add(key);
      chunk[k++] = n;
    }
    st.steps += k;
    st.queryBatch(chunk, k, values);
    for (let j = 0; j < k; j++) {
      if (values[j] > nextV) {
        next = chunk[j];
        nextV = values[j];
        if (!full) break;
      }
    }
  }
  return [next, nextV];
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
