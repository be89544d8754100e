import type { Rng } from "../core/rng.js";
import type { RunState } from "./problem.js";

/**
 * Random search: query uniformly sampled architectures not yet queried until the budget is spent. With
 * `st.batch` = N > 1 (`--workers N`), N distinct new samples are drawn and queried as one batch (all N are
 * spent); N = 1 is the sequential algorithm.
 */
export function randomSearch(st: RunState, rng: Rng): void {
  if (st.batch > 1) {
    randomBatches(st, rng);
    return;
  }
  while (!st.done) {
    const n = st.sampleNew(rng);
    if (n < 0) {
      st.exhaust();
      return;
    }
    st.steps++;
    st.query(n);
  }
}

function randomBatches(st: RunState, rng: Rng): void {
  const nodes = new Int32Array(st.batch);
  const values = new Float64Array(st.batch);
  while (!st.done) {
    const len = st.sampleBatch(rng, st.batchRoom(), nodes);
    if (len === 0) {
      st.exhaust();
      return;
    }
    st.steps += len;
    st.queryBatch(nodes, len, values);
  }
}
