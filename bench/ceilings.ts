/**
 * How far is LISSNAS from what a shrinker of its size could get? (issue #14, fifth pass.) Per landscape and
 * seed, LISSNAS runs with its defaults (or `--knobs`), and its shrink index (classes, reported column) is set
 * beside two references that read far more than the 100-query budget — references, not methods:
 *
 * - **oracle**: the k classes with the best SEARCHED value (validation where the table has one; ties by the
 *   smaller key), k = that seed's LISSNAS size in classes, measured like LISSNAS (`measureShrunk`, report
 *   column). It reads every class's searched value; no rule keeping architectures by their own searched
 *   value does better (when P(good on test | searched value) rises with it), though a predictor pooling many
 *   measurements can. `LISSNAS / oracle` is LISSNAS's share of it at its own size, which compares spaces of
 *   different sizes.
 * - **GBDT ranking with n queries**: the default predictor (LISSNAS's encoding) fitted on the searched values
 *   of n uniformly drawn classes; the other classes ranked by prediction; the index of its top f (f = LISSNAS's
 *   mean size / the number of classes): P(good) of those − P(good | original). n = 100 (the budget, queried at
 *   random) and n = half the classes (what a predictor of this family gets from 130× the budget on
 *   NAS-Bench-Graph). `--model-seeds` draws each.
 *
 *   node --import tsx bench/ceilings.ts [--seeds 10] [--first-seed 0] [--only name,name] [--knobs '{…}']
 *     [--model-seeds 3] [--measure-search-column] [--json FILE]
 *
 * Writes the per-seed figures (seeds, sizes, indices, oracle indices, top-0.1 % kept) to the JSON file
 * (default bench/out/ceilings.json), for paired comparisons between two runs.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { Rng } from "../src/core/rng.js";
import { TableEvaluator } from "../src/data/evaluator.js";
import { meanCI } from "../src/metrics/mean-ci.js";
import { pGood } from "../src/metrics/p-good.js";
import { GbdtRegressor } from "../src/predictors/gbdt.js";
import type { LissnasOptions } from "../src/shrink/lissnas.js";
import { MemberSet } from "../src/shrink/member-set.js";
import { measureShrunk, type OriginalContext } from "../src/shrink/report.js";
import { encodeMany } from "../src/spaces/space.js";
import { arg } from "./args.js";
import { benchLissnas, type Landscape, landscapes, measuredOriginal } from "./landscape-list.js";
import { sameSizeCeiling } from "./oracle.js";

const nSeeds = Number(arg("seeds", "10"));
const firstSeed = Number(arg("first-seed", "0"));
const only = arg("only", "");
const knobs: LissnasOptions = JSON.parse(arg("knobs", "{}"));
const modelSeeds = Number(arg("model-seeds", "3"));
const jsonOut = arg("json", resolve(import.meta.dirname, "out/ceilings.json"));
/** Diagnosis: measure on the searched column instead of the reported one (the oracle is then exact). */
const onSearchColumn = process.argv.includes("--measure-search-column");

/**
 * P(good) of the predicted top fraction `f` of the classes a GBDT fitted on `n` random classes did not see,
 * minus P(good | original): the index a ranking by this predictor would give, without the shrinker around it.
 */
function modelIndex(l: Landscape, original: OriginalContext, n: number, f: number, seed: number): number {
  const { archs, values } = original.population;
  const fs = new TableEvaluator(l.table, l.search).objective(l.search);
  const rng = Rng.fromSeed(seed).child("ceiling-model");
  const usable = Array.from(archs.keys()).filter((i) => !Number.isNaN(fs(archs[i])));
  const train = Array.from(rng.child("train").sampleIndices(usable.length, n), (j) => usable[j]);
  const seen = new Uint8Array(archs.length);
  for (const i of train) seen[i] = 1;
  const rest = Array.from(archs.keys()).filter((i) => !seen[i]);
  const enc = knobs.encoding ?? l.space.encodings[0];
  const width = l.space.encodingLength(enc);
  const model = new GbdtRegressor();
  const x = encodeMany(
    l.space,
    train.map((i) => archs[i]),
    enc,
  );
  model.fit(
    x,
    width,
    Float64Array.from(train, (i) => fs(archs[i])),
    rng.child("fit"),
  );
  const pred = model.predict(
    encodeMany(
      l.space,
      rest.map((i) => archs[i]),
      enc,
    ),
    width,
  );
  const top = Array.from(rest.keys())
    .sort((a, b) => pred[b] - pred[a] || a - b)
    .slice(0, Math.max(1, Math.ceil(f * rest.length)));
  const threshold = original.goodThreshold;
  return (
    pGood(
      Float64Array.from(top, (j) => values[rest[j]]),
      threshold,
    ) - pGood(values, threshold)
  );
}

const count = (xs: boolean[]) => xs.filter(Boolean).length;

const ci = (xs: number[], d = 3) => {
  const c = meanCI(xs);
  return Number.isNaN(c.lo) ? c.mean.toFixed(d) : `${c.mean.toFixed(d)} ± ${((c.hi - c.lo) / 2).toFixed(d)}`;
};

console.log(
  "| landscape | classes | LISSNAS size | LISSNAS index | oracle index (same size) | LISSNAS / oracle | top-0.1 % kept: LISSNAS, oracle | GBDT top-f index, n = 100 | GBDT top-f index, n = half |",
);
console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
const t0 = performance.now();
const all: Record<string, unknown> = {};
for (const l0 of landscapes(only)) {
  const { l, original } = measuredOriginal(l0, onSearchColumn);
  const ev = new TableEvaluator(l.table, l.report);
  const ceiling = sameSizeCeiling(l, original);
  const size: number[] = [];
  const si: number[] = [];
  const oracle: number[] = [];
  const ratio: number[] = [];
  const topL: boolean[] = [];
  const topO: boolean[] = [];
  for (let s = firstSeed; s < firstSeed + nSeeds; s++) {
    process.stderr.write(`${l.name}: seed ${s} (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
    const root = Rng.fromSeed(s);
    const run = benchLissnas(l, s, knobs);
    const k = Number(run.space.size());
    const top = MemberSet.from(l.space, ceiling.ranked.slice(0, k));
    const measure = (sp: typeof top | typeof run.space, name: string) =>
      measureShrunk(l.space, sp, ev, l.report, original, root.child("metrics", name), { cost: l.cost });
    const mine = measure(run.space, "lissnas");
    const best = measure(top, "oracle");
    size.push(k);
    si.push(mine.shrinkIndex);
    oracle.push(best.shrinkIndex);
    // the prefix count the landscape benchmark uses for every method's share must agree with the measurement
    if (Math.abs(ceiling.index(k) - best.shrinkIndex) > 1e-12)
      throw new Error(`${l.name}: oracle ${best.shrinkIndex} measured, ${ceiling.index(k)} counted`);
    ratio.push(mine.shrinkIndex / best.shrinkIndex);
    topL.push(mine.keptTop01 === true);
    topO.push(best.keptTop01 === true);
  }
  const f = size.reduce((p, q) => p + q, 0) / size.length / original.population.archs.length;
  const half = Math.floor(original.population.archs.length / 2);
  const m100: number[] = [];
  const mHalf: number[] = [];
  for (let m = 0; m < modelSeeds; m++) {
    m100.push(modelIndex(l, original, 100, f, m));
    mHalf.push(modelIndex(l, original, half, f, m));
  }
  all[l.name] = { firstSeed, size, si, oracle, topL, topO, m100, mHalf, half };
  console.log(
    `| ${l.name} | ${original.population.archs.length} | ${ci(size, 0)} | ${ci(si)} | ${ci(oracle)} | ${ci(ratio, 2)} | ${count(topL)}/${nSeeds}, ${count(topO)}/${nSeeds} | ${ci(m100)} | ${ci(mHalf)} (n = ${half}) |`,
  );
}
console.log(`\n${((performance.now() - t0) / 1000).toFixed(0)} s`);
mkdirSync(dirname(jsonOut), { recursive: true });
writeFileSync(jsonOut, `${JSON.stringify(all)}\n`);
