/**
 * Permanent leak tests for every search algorithm, the predictor-guided ones (pls, pre) included (issue #14):
 * permuting the values of every architecture a run did not query leaves its results byte-identical; changing
 * a queried value changes them (positive control). Also for a search in a shrunk space that is served the
 * shrinkage's queries free (`Problem.known`).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { ALGORITHM_NAMES, checkAlgorithmSpec } from "../../src/search/algorithms.js";
import { makeProblem, type Problem } from "../../src/search/problem.js";
import { range, runSequential } from "../../src/search/run.js";
import { MemberSet } from "../../src/shrink/member-set.js";
import { nb201 } from "../../src/spaces/nb201/space.js";
import type { Arch, SearchSpace } from "../../src/spaces/space.js";
import { classValues, permuteOutside } from "../leak-fixture.js";

const GUIDED = new Set(["pls", "pre"]);

/** Runs `algo` (3 runs, 60 queries) on `values`; returns the results as text and every class read. */
function search(
  algo: string,
  values: Map<number, number>,
  space: SearchSpace = nb201,
  known?: { archs: Arch[] },
): { output: string; read: Set<number> } {
  const read = new Set<number>();
  const readInRuns = new Set<number>();
  let calls = 0;
  let running = false;
  const objective = (a: Arch) => {
    const k = nb201.key(a);
    read.add(k);
    if (running) readInRuns.add(k);
    calls++;
    return values.get(k)!;
  };
  // The optimum is given (the permutations keep the multiset of values, so it does not change) so that
  // makeProblem does not enumerate the space through the objective.
  const optimum = Math.max(...values.values());
  const problem: Problem = makeProblem(space, objective, {
    optimum,
    extraQueries: known ? known.archs.length : 0,
  });
  if (known) problem.known = { archs: known.archs, values: Float64Array.from(known.archs, objective) };
  running = true;
  const runs = runSequential(
    problem,
    checkAlgorithmSpec(GUIDED.has(algo) ? { algo, rounds: 20 } : { algo }),
    { seed: 3, budget: 60 + problem.extraQueries },
    range(3),
  );
  running = false;
  // Every read of the truth is a counted query (the known architectures' values are read once, above), and
  // a known architecture is never queried again: it is served free.
  assert.equal(calls, runs.reduce((n, r) => n + r.queries, 0) + (known ? known.archs.length : 0), algo);
  for (const a of known?.archs ?? [])
    assert.ok(!readInRuns.has(nb201.key(a)), `${algo} re-queried a known class`);
  const output = JSON.stringify(
    runs.map((r) => ({ ...r, trace: Array.from(r.trace) })),
    (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v),
  );
  return { output, read };
}

test("every algorithm: permuting the values of unqueried classes leaves the results byte-identical", () => {
  const values = classValues(nb201, 8);
  for (const algo of ALGORITHM_NAMES) {
    const first = search(algo, values);
    const again = search(algo, permuteOutside(values, first.read, 1));
    assert.equal(again.output, first.output, algo);
  }
});

test("positive control: changing one queried value changes a predictor-guided search", () => {
  const values = classValues(nb201, 8);
  for (const algo of ["pls", "pre"]) {
    const first = search(algo, values);
    const q = [...first.read].sort((a, b) => a - b)[0];
    const changed = new Map(values);
    changed.set(q, values.get(q)! + 50);
    assert.notEqual(search(algo, changed).output, first.output, algo);
  }
});

test("a shrunk-space search served known queries free reads nothing else outside its own queries", () => {
  const values = classValues(nb201, 8);
  const keys = [...values.keys()].sort((a, b) => a - b);
  const members = MemberSet.from(
    nb201,
    keys.filter((_, i) => i % 7 === 0).map((k) => nb201.decodeKey(k)),
  );
  const known = { archs: keys.slice(0, 20).map((k) => nb201.decodeKey(k)) };
  for (const algo of ["ls", "pls"]) {
    const first = search(algo, values, members, known);
    const again = search(algo, permuteOutside(values, first.read, 2), members, known);
    assert.equal(again.output, first.output, algo);
  }
});
