/**
 * Which predictor ranks a landscape best from ~100 queries? (issue 14, third pass.) For every table of the
 * landscape benchmark, n random canonical classes (seeded) are "queried" on the SEARCH column, each model
 * below is fitted on them, and Spearman's ρ between its predictions and the search column is measured on
 * every other class (then, after "/", the fraction of the true top 1 % of those classes inside the predicted
 * top 2 %: what LISSNAS's pruning bar sees). Also reports which model `crossValidatedChoice` (LISSNAS's
 * `predictorChoice: "cv"`) picks from those n points alone, and the ρ it gets. With `--lissnas RULE`: which
 * model each fit of LISSNAS (defaults, no cost so no FLOP strata, `predictorChoice` RULE) used, per landscape.
 * Issue 14, third pass (docs/shrink.md); ≈ 1.5 min for 5 seeds at n = 100.
 *
 *   node --import tsx bench/predictor-choice.ts [--seeds 5] [--n 100] [--only name,name]
 *     [--encoding NAME] [--models name,name]
 *
 * `--encoding NAME[+NAME…]` encodes with NAME (several: concatenated) wherever the space has them all (else
 * with its default; issue 14, fourth pass: `struct` or `path` on nbgraph); `--models a,b` keeps only the
 * models of those exact names (e.g. `gbdt`); the CV pick's ρ is then shown only if gbdt and ridge λ1 are kept.
 */
import { Rng } from "../src/core/rng.js";
import { TableEvaluator } from "../src/data/evaluator.js";
import { spearman } from "../src/metrics/spearman.js";
import { AveragePredictor } from "../src/predictors/average.js";
import { BaggedPredictor } from "../src/predictors/bagged.js";
import { GbdtRegressor } from "../src/predictors/gbdt.js";
import type { PredictorFactory } from "../src/predictors/predictor.js";
import { RidgePredictor } from "../src/predictors/ridge.js";
import { crossValidatedChoice } from "../src/predictors/select.js";
import { lissnas, type PredictorChoiceRule } from "../src/shrink/lissnas.js";
import type { Arch, SearchSpace } from "../src/spaces/space.js";
import { arg } from "./args.js";
import { type Landscape, landscapes } from "./landscape-list.js";

const nSeeds = Number(arg("seeds", "5"));
const n = Number(arg("n", "100"));
const only = arg("only", "");
const encodingArg = arg("encoding", "");
const modelsArg = arg("models", "");

const MODELS: Record<string, PredictorFactory> = {
  gbdt: () => new GbdtRegressor(),
  "gbdt d2 eta0.1 200": () => new GbdtRegressor({ maxDepth: 2, eta: 0.1, nEstimators: 200 }),
  "gbdt d3 eta0.05 mcw3 300": () =>
    new GbdtRegressor({ maxDepth: 3, eta: 0.05, nEstimators: 300, minChildWeight: 3, subsample: 0.8 }),
  "ridge λ1": () => new RidgePredictor(1),
  "ridge λ5": () => new RidgePredictor(5),
  "gbdt eta0.1": () => new GbdtRegressor({ eta: 0.1 }),
  "gbdt colsample0.5": () => new GbdtRegressor({ colsampleBytree: 0.5 }),
  "bagged gbdt ×5 (subsample 0.8)": () =>
    new AveragePredictor(Array.from({ length: 5 }, () => () => new GbdtRegressor({ subsample: 0.8 }))),
  "bagged gbdt ×5 (rows 0.8)": () => new BaggedPredictor(() => new GbdtRegressor(), 5, 0.8),
  "mean(gbdt, ridge λ1)": () =>
    new AveragePredictor([() => new GbdtRegressor(), () => new RidgePredictor(1)]),
};

type Land = Pick<Landscape, "name" | "space" | "table" | "search">;

/** The table's canonical classes with their search values (NaN rows dropped). */
function classes(l: Land): { archs: Arch[]; y: Float64Array } {
  const f = new TableEvaluator(l.table, l.search).objective(l.search);
  const seen = new Set<string>();
  const archs: Arch[] = [];
  const ys: number[] = [];
  for (const a of l.table.archs()) {
    const c = l.space.canonical(a);
    const k = String(l.space.key(c));
    if (seen.has(k)) continue;
    seen.add(k);
    const v = f(c);
    if (Number.isNaN(v)) continue;
    archs.push(c);
    ys.push(v);
  }
  return { archs, y: Float64Array.from(ys) };
}

const enc = (s: SearchSpace, archs: Arch[], rows: ArrayLike<number>) => {
  const want = encodingArg.split("+");
  const es = want.every((e) => s.encodings.includes(e)) ? want : [s.encodings[0]];
  const ws = es.map((e) => s.encodingLength(e));
  const w = ws.reduce((p, q) => p + q, 0);
  const x = new Float32Array(rows.length * w);
  for (let i = 0; i < rows.length; i++) {
    let at = i * w;
    es.forEach((e, j) => {
      s.encode(archs[rows[i]], e, x, at);
      at += ws[j];
    });
  }
  return { x, w };
};

/** `--lissnas RULE`: which model each fit of LISSNAS (defaults + `predictorChoice` RULE) used, per landscape. */
const lissnasRule = arg("lissnas", "");
if (lissnasRule !== "") {
  for (const l of landscapes(only)) {
    const ev = new TableEvaluator(l.table, l.search);
    const counts: Record<string, number> = {};
    for (let s = 0; s < nSeeds; s++) {
      const run = lissnas(
        {
          space: l.space,
          objective: ev.objective(l.search),
          predictor: MODELS.gbdt,
          rng: Rng.fromSeed(s).child("lissnas"),
        },
        { predictorChoice: lissnasRule as PredictorChoiceRule },
      );
      run.fitted.forEach((m, i) => {
        const k = `fit ${i} ${m}`;
        counts[k] = (counts[k] ?? 0) + 1;
      });
    }
    console.log(
      `| ${l.name} | ${Object.entries(counts)
        .sort()
        .map(([k, v]) => `${k}: ${v}`)
        .join(", ")} |`,
    );
  }
  process.exit(0);
}

/** Fraction of the true top 1 % (of the test classes) that the predicted top 2 % holds (the pruning bar's view). */
function topHit(pred: Float64Array, y: Float64Array): number {
  const by = (v: Float64Array) => Array.from(v.keys()).sort((a, b) => v[b] - v[a]);
  const top = by(y).slice(0, Math.ceil(0.01 * y.length));
  const kept = new Set(by(pred).slice(0, Math.ceil(0.02 * y.length)));
  return top.filter((i) => kept.has(i)).length / top.length;
}

const names = Object.keys(MODELS).filter(
  (m) => modelsArg === "" || modelsArg.split(",").some((w) => m === w),
);
console.log(`| landscape | ${names.join(" | ")} | CV pick (counts) | CV pick ρ |`);
console.log(`|---|${names.map(() => "---:").join("|")}|---|---:|`);
for (const l of landscapes(only)) {
  const { archs, y } = classes(l);
  const rho: Record<string, number[]> = Object.fromEntries(names.map((m) => [m, []]));
  const hit: Record<string, number[]> = Object.fromEntries(names.map((m) => [m, []]));
  const picks: Record<string, number> = {};
  const pickRho: number[] = [];
  for (let s = 0; s < nSeeds; s++) {
    const rng = Rng.fromSeed(s);
    const train = rng.child("train").sampleIndices(archs.length, n);
    const inTrain = new Uint8Array(archs.length);
    for (const i of train) inTrain[i] = 1;
    const test: number[] = [];
    for (let i = 0; i < archs.length; i++) if (!inTrain[i]) test.push(i);
    const tr = enc(l.space, archs, train);
    const te = enc(l.space, archs, test);
    const ytr = Float64Array.from(train, (i) => y[i]);
    const yte = Float64Array.from(test, (i) => y[i]);
    const byName: Record<string, number> = {};
    for (const m of names) {
      const p = MODELS[m]();
      p.fit(tr.x, tr.w, ytr, rng.child("fit", m));
      const pred = p.predict(te.x, te.w);
      byName[m] = spearman(pred, yte);
      rho[m].push(byName[m]);
      hit[m].push(topHit(pred, yte));
    }
    const choice = crossValidatedChoice(
      [
        { name: "gbdt", make: MODELS.gbdt },
        { name: "ridge λ1", make: MODELS["ridge λ1"] },
      ],
      tr.x,
      tr.w,
      ytr,
      rng.child("cv"),
    );
    picks[choice.name] = (picks[choice.name] ?? 0) + 1;
    if (choice.name in byName) pickRho.push(byName[choice.name]);
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const cvRho = names.includes("gbdt") && names.includes("ridge λ1") ? mean(pickRho).toFixed(3) : "—";
  console.log(
    `| ${l.name} | ${names.map((m) => `${mean(rho[m]).toFixed(3)} / ${mean(hit[m]).toFixed(3)}`).join(" | ")} | ${Object.entries(
      picks,
    )
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")} | ${cvRho} |`,
  );
}
