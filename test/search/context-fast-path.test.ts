import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../../src/core/rng.js";
import { QueryCounter } from "../../src/data/queries.js";
import { makeProblem, SearchContext } from "../../src/search/problem.js";
import { runOne } from "../../src/search/run.js";
import { CategoricalSpace } from "../../src/spaces/categorical/space.js";
import { Nb201Space } from "../../src/spaces/nb201/space.js";
import type { Arch } from "../../src/spaces/space.js";

/**
 * The search context's arithmetic fast path (neighbour codes and sampled codes of a HammingSpace, issue 17)
 * against the general path, which a subclass that re-declares `neighbours`/`sample` forces: same nodes, same
 * numbering, same random draws, same runs.
 */
class Plain extends CategoricalSpace {
  override neighbours(a: Arch): Arch[] {
    return super.neighbours(a);
  }
  override sample(rng: Rng): Arch {
    return super.sample(rng);
  }
}

const cards = [3, 5, 2, 4, 3];
const f = (a: Arch) => (a[0] * 7 + a[1] * 5 + a[2] * 11 + a[3] * 3 + a[4] * 13) % 17;

test("HammingSpace fast path: neighbour lists and samples are the nodes of the general path", () => {
  const fast = new SearchContext(makeProblem(new CategoricalSpace(cards), f));
  const slow = new SearchContext(makeProblem(new Plain(cards), f));
  const r1 = Rng.fromSeed(3);
  const r2 = Rng.fromSeed(3);
  for (let i = 0; i < 400; i++) {
    const a = fast.sampleNode(r1);
    const b = slow.sampleNode(r2);
    assert.equal(a, b, `sample ${i}`);
    assert.deepEqual(Array.from(fast.arch(a)), Array.from(slow.arch(b)));
    assert.deepEqual(Array.from(fast.neighbours(a)), Array.from(slow.neighbours(b)), `neighbours of ${a}`);
    assert.equal(fast.keyOf(a), fast.space.key(fast.arch(a)));
    assert.equal(fast.codeOf(a), fast.space.code(fast.arch(a)));
  }
  assert.equal(fast.nodes, slow.nodes);
  for (let n = 0; n < fast.nodes; n++) assert.deepEqual(Array.from(fast.arch(n)), Array.from(slow.arch(n)));
});

test("runs through the fast path equal runs through the general path (ls, re, rs)", () => {
  for (const algo of ["ls", "re", "rs"] as const) {
    const fast = new SearchContext(makeProblem(new CategoricalSpace(cards), f));
    const slow = new SearchContext(makeProblem(new Plain(cards), f));
    for (let run = 0; run < 5; run++) {
      const a = runOne(fast, { algo }, { seed: 9, budget: 60 }, run);
      const b = runOne(slow, { algo }, { seed: 9, budget: 60 }, run);
      assert.deepEqual(Array.from(a.trace), Array.from(b.trace), `${algo} run ${run}`);
      assert.equal(a.bestArch, b.bestArch);
      assert.equal(a.repeats + a.isomorphs, b.repeats + b.isomorphs);
    }
  }
});

test("QueryCounter.evaluateKeyed counts repeats and isomorphs as evaluate does (NB201 classes)", () => {
  const space = new Nb201Space();
  const value = (a: Arch) => space.key(a) / 10;
  const one = new QueryCounter(space, value);
  const two = new QueryCounter(space, value);
  const rng = Rng.fromSeed(1);
  for (let i = 0; i < 3000; i++) {
    const a = space.sample(rng);
    assert.equal(one.evaluate(a), two.evaluateKeyed(a, space.key(a), space.code(a)));
    assert.equal(one.hasKey(space.key(a)), true);
  }
  assert.deepEqual([one.queries, one.repeats, one.isomorphs], [two.queries, two.repeats, two.isomorphs]);
  assert.ok(one.isomorphs > 0 && one.repeats > 0, "both kinds of free evaluation occurred");
});
