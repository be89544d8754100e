import type { Rng } from "../core/rng.js";
import type { RunState } from "./problem.js";

/** Random search: query uniformly sampled architectures not yet queried until the budget is spent. */
export function randomSearch(st: RunState, rng: Rng): void {
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
