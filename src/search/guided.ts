import type { Rng } from "../core/rng.js";
import type { Predictor, PredictorFactory } from "../predictors/predictor.js";
import type { EvolutionGuide } from "./evolution.js";
import type { LocalSearchGuide } from "./local.js";
import type { RunState } from "./problem.js";

/** Options shared by the predictor-guided algorithms. */
export interface GuideOptions {
  /** Makes a fresh predictor for each fit. */
  predictor: PredictorFactory;
  /** Encoding of the architectures fed to the predictor (one of the space's encodings). */
  encoding: string;
  /** Refit after this many new queries. */
  refit: number;
  /** No predictor is used before this many queries (the first batch is uniform random). */
  minTrain: number;
  /** Candidates ranked per proposal: random unqueried archs for a restart batch (pls), children (pre). */
  candidates: number;
}

/**
 * A predictor trained on the run's own queries (queried architectures and their search values only: it
 * never sees an unqueried value), refitted every `refit` queries. It ranks candidates; the evaluator
 * confirms with a real query, which is what is counted.
 */
export class PredictorGuide implements LocalSearchGuide, EvolutionGuide {
  private model: Predictor | undefined;
  private fittedAt = -1;
  private readonly width: number;
  private batch: number[] = [];
  private batchFit = -1;

  constructor(
    st: RunState,
    private readonly opts: GuideOptions,
  ) {
    this.width = st.ctx.space.encodingLength(opts.encoding);
  }

  /** Refits when due; returns the model or undefined before `minTrain` queries. */
  private ready(st: RunState, rng: Rng): Predictor | undefined {
    const q = st.counter.queries;
    if (q < this.opts.minTrain) return undefined;
    if (this.model && q - this.fittedAt < this.opts.refit) return this.model;
    let x: Float32Array = this.encode(st, st.order, q);
    let y: Float64Array = st.values.slice(0, q);
    if (st.failed > 0) [x, y] = this.finiteRows(x, y); // failed evaluations (NaN) are no training data
    if (y.length < 2) return this.model;
    const m = this.opts.predictor();
    m.fit(x, this.width, y, rng.child("fit", q));
    this.model = m;
    this.fittedAt = q;
    return m;
  }

  /** The rows of (x, y) whose target is finite. */
  private finiteRows(x: Float32Array, y: Float64Array): [Float32Array, Float64Array] {
    const keep: number[] = [];
    for (let i = 0; i < y.length; i++) if (Number.isFinite(y[i])) keep.push(i);
    const fx = new Float32Array(keep.length * this.width);
    for (let i = 0; i < keep.length; i++) {
      fx.set(x.subarray(keep[i] * this.width, (keep[i] + 1) * this.width), i * this.width);
    }
    return [fx, Float64Array.from(keep, (r) => y[r])];
  }

  private encode(st: RunState, nodes: ArrayLike<number>, len: number): Float32Array {
    const x = new Float32Array(len * this.width);
    const space = st.ctx.space;
    for (let i = 0; i < len; i++) space.encode(st.ctx.arch(nodes[i]), this.opts.encoding, x, i * this.width);
    return x;
  }

  /** Neighbours in decreasing predicted value (stable: the shuffled order breaks ties). */
  order(st: RunState, list: Int32Array, len: number, rng: Rng): void {
    const m = this.ready(st, rng);
    if (!m) return;
    const pred = m.predict(this.encode(st, list, len), this.width);
    const idx = Array.from({ length: len }, (_, i) => i);
    idx.sort((a, b) => pred[b] - pred[a] || a - b);
    const copy = list.slice(0, len);
    for (let i = 0; i < len; i++) list[i] = copy[idx[i]];
  }

  /** Restart batches: the best-predicted of `candidates` random unqueried architectures, one at a time. */
  propose(st: RunState, rng: Rng): number {
    const m = this.ready(st, rng);
    if (!m) return -1;
    if (this.batchFit !== this.fittedAt) this.batch = [];
    while (this.batch.length > 0) {
      const n = this.batch.shift()!;
      if (!st.queried(n)) return n;
    }
    const seen = new Set<number>();
    const pool: number[] = [];
    for (let t = 0; t < this.opts.candidates * 2 && pool.length < this.opts.candidates; t++) {
      const n = st.sampleNew(rng);
      if (n < 0) break;
      if (!seen.has(n)) {
        seen.add(n);
        pool.push(n);
      }
    }
    if (pool.length === 0) return -1;
    const pred = m.predict(this.encode(st, pool, pool.length), this.width);
    const idx = pool.map((_, i) => i).sort((a, b) => pred[b] - pred[a] || a - b);
    this.batch = idx.map((i) => pool[i]);
    this.batchFit = this.fittedAt;
    return this.batch.shift()!;
  }

  /** Evolution: draws `candidates` children, queries the best-predicted one not yet queried. */
  choose(st: RunState, draw: () => number, rng: Rng): number {
    const m = this.ready(st, rng);
    const first = draw();
    if (!m && !st.queried(first)) return first;
    const pool: number[] = [];
    const seen = new Set<number>();
    let last = first;
    for (let i = 0; i < this.opts.candidates; i++) {
      const c = i === 0 ? first : draw();
      last = c;
      if (!seen.has(c) && !st.queried(c)) {
        seen.add(c);
        pool.push(c);
      }
    }
    if (pool.length === 0) return last;
    if (!m || pool.length === 1) return pool[0];
    const pred = m.predict(this.encode(st, pool, pool.length), this.width);
    let best = 0;
    for (let i = 1; i < pool.length; i++) if (pred[i] > pred[best]) best = i;
    return pool[best];
  }
}
