import { UsageError } from "../../core/errors.js";
import type { Rng } from "../../core/rng.js";
import type { Arch } from "../../spaces/space.js";
import { lissnasPool, type MultiLissnasIteration } from "./lissnas.js";
import { crowdingDistance, nonDominatedSort } from "./sorting.js";
import type { MultiRun } from "./state.js";

/** Multi-objective algorithms (`--objectives` with `--algo`). */
export const MULTI_ALGORITHMS = ["rs", "ls", "re", "lissnas-ls"] as const;
export type MultiAlgorithm = (typeof MULTI_ALGORITHMS)[number];

/** Knobs, with the defaults of the single-objective algorithms where there is one. */
export const MULTI_DEFAULTS = { numInit: 10, population: 20 };

export function parseMultiAlgorithm(name: string): MultiAlgorithm {
  if (!(MULTI_ALGORITHMS as readonly string[]).includes(name)) {
    throw new UsageError(
      `--algo with --objectives must be one of ${MULTI_ALGORITHMS.join(", ")}, got '${name}'`,
    );
  }
  return name as MultiAlgorithm;
}

/** Runs one algorithm to the end of the run's budget; `lissnas-ls` returns its shrinkage's iteration log. */
export function runMultiAlgorithm(
  algo: MultiAlgorithm,
  st: MultiRun,
  rng: Rng,
): MultiLissnasIteration[] | undefined {
  let log: MultiLissnasIteration[] | undefined;
  if (algo === "rs") paretoRandom(st, rng);
  else if (algo === "ls") paretoLocalSearch(st, rng);
  else if (algo === "re") nsgaEvolution(st, rng);
  else {
    const pool = lissnasPool(st, rng.child("shrink"));
    log = pool.iterations;
    paretoLocalSearch(st, rng.child("pls"), pool);
  }
  st.finish();
  return log;
}

/** Pareto random search: uniform new feasible architectures until the budget is spent; the archive is the answer. */
export function paretoRandom(st: MultiRun, rng: Rng): void {
  while (!st.done) {
    const a = st.sampleNew(rng);
    if (!a) return;
    st.query(a);
  }
}

/**
 * Pareto local search (Paquete, Chiarandini & Stützle 2004, "Pareto local optimum sets in the biobjective
 * traveling salesman problem", in Metaheuristics for Multiobjective Optimisation; the archive-based PLS of
 * Angel, Bampis & Gourvès 2004): start from the archive of `numInit` random architectures; repeatedly
 * pick an unexplored archive member uniformly, query all its unqueried neighbours (the archive keeps the
 * non-dominated points) and mark it explored. When every archive member is explored (a Pareto local
 * optimum set), restart with `numInit` new random architectures. With `pool` (a shrunk space, as
 * canonical-key set + list) neighbours and restarts stay inside it.
 */
export function paretoLocalSearch(st: MultiRun, rng: Rng, pool?: { keys: Set<number>; archs: Arch[] }): void {
  const space = st.problem.space;
  const explored = new Set<number>();
  const restart = () => {
    for (let i = 0; i < MULTI_DEFAULTS.numInit && !st.done; i++) {
      const a = st.sampleNew(rng, pool?.archs);
      if (!a) return false;
      st.query(a);
    }
    return true;
  };
  while (!st.done) {
    const open = st.archive.filter((m) => !explored.has(m));
    if (open.length === 0) {
      if (!restart()) return;
      continue;
    }
    const cur = open[rng.int(open.length)];
    explored.add(cur);
    const nbrs = space.neighbours(st.archs[cur]);
    rng.shuffle(nbrs);
    for (const n of nbrs) {
      if (st.done) return;
      if (pool && !pool.keys.has(space.key(n))) continue;
      if (!st.closed(n)) st.query(n);
    }
  }
}

/**
 * NSGA-II-style evolution (Deb et al. 2002): a population of `population` queried architectures; each
 * generation makes as many children by binary tournament (lower non-domination rank, then larger crowding
 * distance) and mutation (`space.mutate`, retried until the child is new and feasible; a uniform new
 * architecture after 20 tries), queries them, and keeps the best `population` of parents ∪ children by
 * rank, the last front cut by crowding distance. No crossover: the spaces define mutation, not recombination.
 */
export function nsgaEvolution(st: MultiRun, rng: Rng): void {
  const N = MULTI_DEFAULTS.population;
  let pop: number[] = [];
  while (pop.length < N && !st.done) {
    const a = st.sampleNew(rng);
    if (!a) return;
    const i = st.query(a);
    if (i >= 0) pop.push(i);
  }
  while (!st.done && pop.length > 0) {
    const { rank, crowd } = rankAndCrowd(st, pop);
    const better = (a: number, b: number) =>
      rank.get(a)! < rank.get(b)! || (rank.get(a) === rank.get(b) && crowd.get(a)! > crowd.get(b)!) ? a : b;
    const children: number[] = [];
    for (let c = 0; c < N && !st.done; c++) {
      const parent = better(pop[rng.int(pop.length)], pop[rng.int(pop.length)]);
      let child: Arch | undefined;
      for (let t = 0; t < 20 && !child; t++) {
        const m = st.problem.space.mutate(st.archs[parent], rng);
        if (!st.closed(m)) child = m;
      }
      child ??= st.sampleNew(rng);
      if (!child) break;
      const i = st.query(child);
      if (i >= 0) children.push(i);
    }
    pop = survivors(st, [...pop, ...children], N);
  }
}

function rankAndCrowd(st: MultiRun, pop: number[]) {
  const rank = new Map<number, number>();
  const crowd = new Map<number, number>();
  nonDominatedSort(st.values, st.k, pop).forEach((front, r) => {
    const d = crowdingDistance(st.values, st.k, front);
    front.forEach((m, i) => {
      rank.set(m, r);
      crowd.set(m, d[i]);
    });
  });
  return { rank, crowd };
}

/** NSGA-II environmental selection: whole fronts while they fit, then the most crowded-apart of the next. */
function survivors(st: MultiRun, union: number[], N: number): number[] {
  const out: number[] = [];
  for (const front of nonDominatedSort(st.values, st.k, union)) {
    if (out.length + front.length <= N) {
      out.push(...front);
      continue;
    }
    const d = crowdingDistance(st.values, st.k, front);
    const order = front.map((_, i) => i).sort((a, b) => d[b] - d[a] || front[a] - front[b]);
    for (let i = 0; out.length < N; i++) out.push(front[order[i]]);
    break;
  }
  return out;
}
