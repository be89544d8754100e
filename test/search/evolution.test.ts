import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../../src/core/rng.js";
import { SyntheticLandscape } from "../../src/data/synthetic.js";
import { regularisedEvolution } from "../../src/search/evolution.js";
import { makeProblem, RunState, SearchContext } from "../../src/search/problem.js";
import { CategoricalSpace } from "../../src/spaces/categorical/space.js";

const space = new CategoricalSpace([4, 4, 4, 4, 4, 4]);
const land = new SyntheticLandscape(space, { k: 1, seed: 3 });

function evolve(population: number, sampleSize: number, budget: number, seed: number) {
  const ctx = new SearchContext(makeProblem(space, land.objective()));
  const st = new RunState(ctx, budget);
  const snapshots: Array<{ nodes: number[]; values: number[] }> = [];
  regularisedEvolution(st, Rng.fromSeed(seed), { population, sampleSize }, undefined, (n, v) =>
    snapshots.push({ nodes: Array.from(n), values: Array.from(v) }),
  );
  return { ctx, st, snapshots };
}

test("regularised evolution: the population fills to P, then keeps size P, the oldest dying at each birth", () => {
  const P = 12;
  const { ctx, st, snapshots } = evolve(P, 4, 150, 9);
  assert.equal(st.counter.queries, 150);
  for (let i = 0; i < P; i++) assert.equal(snapshots[i].nodes.length, i + 1, "filling");
  for (let i = P; i < snapshots.length; i++) {
    const prev = snapshots[i - 1].nodes;
    const cur = snapshots[i].nodes;
    assert.equal(cur.length, P, "size stays P");
    assert.deepEqual(cur.slice(0, P - 1), prev.slice(1), "the oldest member died, the others aged by one");
    // the child is one edit away from some member of the previous population (its parent)
    const child = ctx.arch(cur[P - 1]);
    assert.ok(
      prev.some((p) => space.editDistance(ctx.arch(p), child) === 1),
      "child = one random edit of a member",
    );
  }
  assert.ok(snapshots.length > 150, "free (duplicate) children also join the population");
});

test("regularised evolution: the initial population is P distinct random architectures", () => {
  const { ctx, snapshots } = evolve(25, 5, 60, 2);
  const init = snapshots[24].nodes.map((n) => space.key(ctx.arch(n)));
  assert.equal(new Set(init).size, 25);
});

test("regularised evolution with sample size = population always mutates the best member", () => {
  const { ctx, snapshots } = evolve(8, 8, 80, 4);
  for (let i = 8; i < snapshots.length; i++) {
    const prev = snapshots[i - 1];
    const best = prev.values.indexOf(Math.max(...prev.values));
    const child = ctx.arch(snapshots[i].nodes[7]);
    assert.equal(space.editDistance(ctx.arch(prev.nodes[best]), child), 1);
  }
});
