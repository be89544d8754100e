import { UsageError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import { spearman } from "../metrics/spearman.js";
import type { Predictor, PredictorFactory } from "./predictor.js";

/** One model a selection may pick. */
export interface PredictorCandidate {
  readonly name: string;
  readonly make: PredictorFactory;
}

/** What `crossValidatedChoice` picked and why (out-of-fold Spearman ρ of every candidate). */
export interface PredictorChoice {
  readonly name: string;
  readonly index: number;
  readonly scores: readonly number[];
}

/**
 * Picks a model from its training rows alone by k-fold cross-validation (Stone 1974): the rows are shuffled
 * (stream `rng.child("folds")`) and cut into `folds` near-equal folds; each candidate is fitted on every
 * k − 1 folds and predicts the held-out one; its score is Spearman's ρ between the pooled out-of-fold
 * predictions and the targets (a shrinker needs the ranking, not the scale). The best score wins; ties and
 * NaN scores go to the earlier candidate, so the first is the default. Written here because no installed
 * library cross-validates our `Predictor`s. Reads nothing but `x` and `y`.
 */
export function crossValidatedChoice(
  candidates: readonly PredictorCandidate[],
  x: Float32Array,
  width: number,
  y: Float64Array,
  rng: Rng,
  folds = 5,
): PredictorChoice {
  if (candidates.length === 0) throw new UsageError("predictor selection: no candidate models");
  const n = y.length;
  if (candidates.length === 1 || n < 2 * folds) return { name: candidates[0].name, index: 0, scores: [] };
  const order = rng.child("folds").shuffle(Int32Array.from({ length: n }, (_, i) => i));
  const foldOf = new Int32Array(n);
  for (let i = 0; i < n; i++) foldOf[order[i]] = i % folds;
  const scores = candidates.map((c, ci) => {
    const oof = new Float64Array(n);
    for (let f = 0; f < folds; f++) {
      const tr = rowsWhere(foldOf, (g) => g !== f);
      const te = rowsWhere(foldOf, (g) => g === f);
      const p = c.make();
      p.fit(
        gather(x, width, tr),
        width,
        Float64Array.from(tr, (i) => y[i]),
        rng.child("cv-fit", ci, f),
      );
      const pred = p.predict(gather(x, width, te), width);
      for (let j = 0; j < te.length; j++) oof[te[j]] = pred[j];
    }
    return spearman(oof, y);
  });
  let best = 0;
  for (let i = 1; i < scores.length; i++)
    if (scores[i] > scores[best] || Number.isNaN(scores[best])) best = i;
  if (Number.isNaN(scores[best])) best = 0;
  return { name: candidates[best].name, index: best, scores };
}

function rowsWhere(foldOf: Int32Array, keep: (f: number) => boolean): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < foldOf.length; i++) if (keep(foldOf[i])) out.push(i);
  return Int32Array.from(out);
}

function gather(x: Float32Array, width: number, rows: Int32Array): Float32Array {
  const out = new Float32Array(rows.length * width);
  for (let j = 0; j < rows.length; j++)
    out.set(x.subarray(rows[j] * width, (rows[j] + 1) * width), j * width);
  return out;
}

/**
 * A predictor that, at every fit, picks one of `candidates` by `crossValidatedChoice` on the rows it is
 * given and fits that one on all of them. `chosen` / `scores` tell what the last fit picked.
 */
export class SelectingPredictor implements Predictor {
  private model: Predictor | null = null;
  chosen = "";
  scores: readonly number[] = [];

  constructor(
    private readonly candidates: readonly PredictorCandidate[],
    private readonly folds = 5,
  ) {
    if (candidates.length === 0) throw new UsageError("predictor selection: no candidate models");
  }

  get name(): string {
    return `cv(${this.candidates.map((c) => c.name).join("|")})`;
  }

  fit(x: Float32Array, width: number, y: Float64Array, rng: Rng): void {
    const c = crossValidatedChoice(this.candidates, x, width, y, rng.child("select"), this.folds);
    this.chosen = c.name;
    this.scores = c.scores;
    const m = this.candidates[c.index].make();
    m.fit(x, width, y, rng);
    this.model = m;
  }

  predict(x: Float32Array, width: number): Float64Array {
    if (!this.model) throw new UsageError("predictor selection: predict before fit");
    return this.model.predict(x, width);
  }
}
