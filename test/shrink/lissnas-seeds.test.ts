import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { Rng } from "../../src/core/rng.js";
import { lissnas } from "../../src/shrink/lissnas.js";
import { CategoricalSpace } from "../../src/spaces/categorical/space.js";
import type { Arch } from "../../src/spaces/space.js";
import { runCli } from "../cli/run.js";
import { countTwos, OraclePredictor } from "./helpers.js";

/**
 * Measured seeds (issue 14, `observedSeeds`, default on): the seeds are the best *queried* architectures by
 * observed value (ties: smaller key), never an unqueried prediction. Landscape: 6 × 3 categorical, f = number
 * of 2s, exact predictions, one-shot predictor (10 initial queries, none after), so the best-scored candidates
 * include unqueried architectures better than every queried one — the contrast run shows they would be seeds.
 */
const space = new CategoricalSpace(new Array(6).fill(3));
const f = (a: Arch) => countTwos(a);
const run = (observedSeeds?: boolean) =>
  lissnas(
    { space, objective: f, predictor: () => new OraclePredictor(space, f), rng: Rng.fromSeed(4) },
    {
      initialSamples: 20,
      budget: 10,
      initialQueries: 10,
      queriesPerIteration: 0,
      seeds: 3,
      threshold: 1,
      pruneQuantile: null,
      coreRadius: 0,
      maxIterations: 5,
      ...(observedSeeds === undefined ? {} : { observedSeeds }),
    },
  );

test("default seeds are the best queried architectures, by observed value then key", () => {
  const r = run();
  assert.equal(r.queries, 10);
  const order = Array.from(r.queried.keys, (k, i) => ({ k, v: r.queried.values[i] })).sort(
    (a, b) => b.v - a.v || a.k - b.k,
  );
  const expected = order.slice(0, 3).map((o) => o.k);
  assert.deepEqual(Array.from(r.seedKeys), expected);
});

test("contrast: best-scored seeds (observedSeeds false) include an unqueried architecture", () => {
  const r = run(false);
  const queried = new Set(r.queried.keys);
  const best = Math.max(...r.queried.values);
  const unqueried = Array.from(r.seedKeys).filter((k) => !queried.has(k));
  assert.ok(unqueried.length > 0, `every seed was queried: ${Array.from(r.seedKeys)}`);
  // each unqueried seed is predicted (exactly) at least as good as the best queried value
  for (const k of unqueried) assert.ok(f(space.decodeKey!(k)) >= best);
});

test("CLI: second-pass defaults reach the library, --no-observed-seeds turns measured seeds off", async () => {
  const dir = mkdtempSync(join(tmpdir(), "lissnas-seeds-"));
  const base = [
    "shrink",
    "--space",
    "nb201",
    "--seed",
    "3",
    "--initial-samples",
    "200",
    "--budget",
    "20",
    "--json",
  ];
  const on = await runCli([...base, "--out", join(dir, "on")]);
  const off = await runCli([...base, "--out", join(dir, "off"), "--no-observed-seeds"]);
  assert.equal(on.code, 0, on.stderr);
  assert.equal(off.code, 0, off.stderr);
  const o1 = JSON.parse(on.stdout).options;
  const o2 = JSON.parse(off.stdout).options;
  assert.deepEqual([o1.observedSeeds, o1.queriesPerIteration, o1.coreQuantile], [true, 4, 0.8]);
  assert.equal(o2.observedSeeds, false);
});

test("coreKeys: members that entered through a core pocket — not seeds, one edit from a core seed", () => {
  const r = lissnas(
    { space, objective: f, predictor: () => new OraclePredictor(space, f), rng: Rng.fromSeed(5) },
    {
      initialSamples: 40,
      budget: 20,
      seeds: 4,
      threshold: 2,
      coreRadius: 1,
      coreSeeds: 2,
      coreQuantile: null,
    },
  );
  assert.ok(r.coreKeys.length > 0);
  const members = new Set(Array.from(r.space.enumerate(), (a) => space.key(a)));
  const seeds = Array.from(r.seedKeys);
  const coreSeeds = seeds.slice(0, 2).map((k) => space.decodeKey!(k));
  for (const k of r.coreKeys) {
    assert.ok(members.has(k), `core key ${k} is not a member`);
    assert.ok(!seeds.includes(k), `core key ${k} is a seed`);
    const a = space.decodeKey!(k);
    assert.ok(
      coreSeeds.some((s) => space.editDistance(a, s) === 1),
      `core key ${k} is not next to a core seed`,
    );
  }
});
