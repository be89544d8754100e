/**
 * Permanent leak tests (issue #14): a shrinker may read true values only through its counted queries. For
 * LISSNAS and every rival (fed by LISSNAS's predictor), permuting the values of every architecture the run
 * did NOT query must leave the output byte-identical; permuting a queried value must change it (positive
 * control: the test can see a leak of the kind it guards against).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../../src/core/rng.js";
import { GbdtRegressor } from "../../src/predictors/gbdt.js";
import { rivalSpaces, SHRINKER_NAMES } from "../../src/shrink/compare.js";
import { encodeSpaceFile } from "../../src/shrink/file.js";
import { lissnas } from "../../src/shrink/lissnas.js";
import type { MemberSet } from "../../src/shrink/member-set.js";
import type { ProductSubspace } from "../../src/shrink/product.js";
import {
  absShrink,
  greedyNasShrink,
  nseShrink,
  padnasShrink,
  type Scorer,
} from "../../src/shrink/rivals/index.js";
import { nb201 } from "../../src/spaces/nb201/space.js";
import { nbgraphSpace } from "../../src/spaces/nbgraph/space.js";
import { type Arch, encodeMany, type SearchSpace } from "../../src/spaces/space.js";
import { classValues, permuteOutside, swapBestQueriedWithWorst } from "../leak-fixture.js";

/** LISSNAS's run on `space` reading `values` through its objective (and only for the classes it queries). */
function runLissnas(space: SearchSpace, values: Map<number, number>) {
  const read = new Set<number>();
  const objective = (a: Arch) => {
    const k = space.key(a);
    read.add(k);
    return values.get(k)!;
  };
  const run = lissnas(
    { space, objective, predictor: () => new GbdtRegressor(), rng: Rng.fromSeed(4) },
    { initialSamples: 300, budget: 30, seeds: 8, maxIterations: 4 },
  );
  const queried = new Set(run.queried.keys);
  assert.deepEqual([...read].sort(), [...queried].sort(), "the objective is read for queried classes only");
  const log = JSON.stringify({
    iterations: run.iterations,
    chosen: run.chosenIteration,
    stop: run.stopReason,
    queried: Array.from(run.queried.keys),
    values: Array.from(run.queried.values),
    seeds: Array.from(run.seedKeys),
  });
  return { run, queried, log };
}

/** Runs LISSNAS and the four rivals on NB201 `values`; returns the output bytes (as text) and the queried keys. */
function shrinkAll(values: Map<number, number>): { output: string; queried: Set<number> } {
  const { run, queried, log } = runLissnas(nb201, values);
  const enc = nb201.encodings[0];
  const width = nb201.encodingLength(enc);
  const model = new GbdtRegressor();
  const archs = Array.from(run.queried.keys, (k) => nb201.decodeKey(k));
  model.fit(encodeMany(nb201, archs, enc), width, run.queried.values, Rng.fromSeed(5));
  const scorer: Scorer = (xs) => model.predict(encodeMany(nb201, xs, enc), width);
  const target = run.space.size();
  const r = Rng.fromSeed(6);
  const spaces = [
    run.space,
    absShrink(nb201, scorer, r.child("abs"), { targetSize: target }).space,
    padnasShrink(nb201, scorer, r.child("padnas"), { targetSize: target }).space,
    nseShrink(nb201, scorer, r.child("nse"), { targetSize: target }).space,
    greedyNasShrink(nb201, scorer, r.child("greedynas"), { poolSize: Number(target) }).space,
  ];
  const bytes = spaces.map((s) => Buffer.from(encodeSpaceFile(s)).toString("base64"));
  return { output: [log, ...bytes].join("\n"), queried };
}

/**
 * The same through `compare`'s own rival path (`rivalSpaces`: one predictor fitted on LISSNAS's queries,
 * product rivals sized to LISSNAS's size in classes) on a space with invalid genotypes and isomorphs:
 * NAS-Bench-Graph, whose product rivals are intersected with its valid pairs (issue #14).
 */
function shrinkAllNbGraph(values: Map<number, number>): {
  output: string;
  rivals: string;
  queried: Set<number>;
} {
  const space = nbgraphSpace();
  const { run, queried, log } = runLissnas(space, values);
  const enc = space.encodings[0];
  const ctx = {
    space,
    pool: undefined,
    methods: SHRINKER_NAMES,
    predictor: () => new GbdtRegressor(),
    encoding: enc,
    width: space.encodingLength(enc),
  };
  const spaces = rivalSpaces(ctx, run, Rng.fromSeed(6)).filter(([name]) => name !== "full");
  assert.deepEqual(
    spaces.map(([name]) => name),
    SHRINKER_NAMES,
  );
  const bytes = spaces.map(([, s]) =>
    Buffer.from(encodeSpaceFile(s as MemberSet | ProductSubspace)).toString("base64"),
  );
  return { output: [log, ...bytes].join("\n"), rivals: bytes.slice(1).join("\n"), queried };
}

test("LISSNAS and the four rivals: permuting every unqueried value leaves the output byte-identical", () => {
  const values = classValues();
  const first = shrinkAll(values);
  assert.ok(first.queried.size === 30, `${first.queried.size} queries`);
  for (const seed of [1, 2]) {
    const again = shrinkAll(permuteOutside(values, first.queried, seed));
    assert.equal(again.output, first.output, `permutation ${seed}`);
  }
});

test("positive control: changing one queried value changes the output", () => {
  const values = classValues();
  const first = shrinkAll(values);
  assert.notEqual(shrinkAll(swapBestQueriedWithWorst(values, first.queried)).output, first.output);
});

test("NAS-Bench-Graph (compare's rival path): permuting every unqueried value leaves every space byte-identical", () => {
  const values = classValues(nbgraphSpace());
  assert.equal(values.size, 26206);
  const first = shrinkAllNbGraph(values);
  assert.equal(first.queried.size, 30);
  assert.equal(shrinkAllNbGraph(permuteOutside(values, first.queried, 1)).output, first.output);
  // positive control, on the rivals' spaces themselves (not only LISSNAS's log of the values it read)
  const changed = swapBestQueriedWithWorst(values, first.queried);
  assert.notEqual(shrinkAllNbGraph(changed).rivals, first.rivals);
});
