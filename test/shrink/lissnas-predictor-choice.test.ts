/**
 * LISSNAS's `predictorChoice` (issue 14, third pass): every rule other than the caller's model alone reads
 * true values only through the queries (permuting every unqueried value leaves the output byte-identical;
 * changing a queried one changes it), and is deterministic given the seed.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { UsageError } from "../../src/core/errors.js";
import { Rng } from "../../src/core/rng.js";
import { GbdtRegressor } from "../../src/predictors/gbdt.js";
import { encodeSpaceFile } from "../../src/shrink/file.js";
import { lissnas, type PredictorChoiceRule } from "../../src/shrink/lissnas.js";
import { nb201 } from "../../src/spaces/nb201/space.js";
import type { Arch } from "../../src/spaces/space.js";
import { classValues, permuteOutside, swapBestQueriedWithWorst } from "../leak-fixture.js";

function shrink(values: Map<number, number>, rule: PredictorChoiceRule, seed = 4) {
  const read = new Set<number>();
  const objective = (a: Arch) => {
    const k = nb201.key(a);
    read.add(k);
    return values.get(k)!;
  };
  const run = lissnas(
    {
      space: nb201,
      objective,
      predictor: () => new GbdtRegressor({ nEstimators: 60 }),
      rng: Rng.fromSeed(seed),
    },
    { initialSamples: 300, budget: 30, seeds: 8, maxIterations: 4, predictorChoice: rule },
  );
  const queried = new Set(run.queried.keys);
  assert.deepEqual([...read].sort(), [...queried].sort(), "the objective is read for queried classes only");
  const out = JSON.stringify({
    it: run.iterations,
    q: Array.from(run.queried.keys),
    s: Buffer.from(encodeSpaceFile(run.space)).toString("base64"),
  });
  return { out, queried };
}

for (const rule of ["cv", "mean"] as const) {
  test(`predictorChoice ${rule}: permuting every unqueried value leaves the output byte-identical`, () => {
    const values = classValues();
    const first = shrink(values, rule);
    assert.equal(first.queried.size, 30);
    assert.equal(shrink(values, rule).out, first.out, "same seed, same bytes");
    assert.equal(shrink(permuteOutside(values, first.queried, 1), rule).out, first.out);
    // positive control: the best queried value swapped with the space's worst
    assert.notEqual(shrink(swapBestQueriedWithWorst(values, first.queried), rule).out, first.out);
  });
}

test("predictorChoice: the rules differ from the caller's model alone, and a bad value fails before any work", () => {
  const values = classValues();
  const given = shrink(values, "given").out;
  assert.notEqual(shrink(values, "mean").out, given);
  assert.throws(
    () =>
      lissnas(
        { space: nb201, objective: () => 0, predictor: () => new GbdtRegressor(), rng: Rng.fromSeed(0) },
        { predictorChoice: "forest" as PredictorChoiceRule },
      ),
    (e: unknown) => e instanceof UsageError && /predictorChoice/.test(e.message),
  );
});
