import { UsageError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import type { Predictor } from "./predictor.js";

/**
 * Ridge regression (Hoerl & Kennard 1970), a small built-in predictor for predictor-guided search:
 * minimises Σ (y − b − w·x)² + λ‖w‖² with an unpenalised intercept, by centring x and y and solving
 * (XᵀX + λI) w = Xᵀy with a Cholesky factorisation. Deterministic (ignores its Rng).
 */
export class RidgePredictor implements Predictor {
  readonly name = "ridge";
  private w = new Float64Array(0);
  private b = 0;
  private width = -1;

  constructor(readonly lambda = 1) {
    if (!(lambda > 0)) throw new UsageError(`ridge: lambda must be > 0, got ${lambda}`);
  }

  fit(x: Float32Array, width: number, y: Float64Array, _rng: Rng): void {
    const n = y.length;
    if (n === 0 || x.length !== n * width) throw new UsageError(`ridge: ${x.length} features for ${n} rows`);
    const mx = new Float64Array(width);
    let my = 0;
    for (let r = 0; r < n; r++) {
      my += y[r];
      for (let j = 0; j < width; j++) mx[j] += x[r * width + j];
    }
    my /= n;
    for (let j = 0; j < width; j++) mx[j] /= n;
    const A = new Float64Array(width * width);
    const rhs = new Float64Array(width);
    const row = new Float64Array(width);
    for (let r = 0; r < n; r++) {
      for (let j = 0; j < width; j++) row[j] = x[r * width + j] - mx[j];
      const dy = y[r] - my;
      for (let i = 0; i < width; i++) {
        const ri = row[i];
        if (ri === 0) continue;
        rhs[i] += ri * dy;
        for (let j = 0; j <= i; j++) A[i * width + j] += ri * row[j];
      }
    }
    for (let i = 0; i < width; i++) A[i * width + i] += this.lambda;
    // Cholesky A = L Lᵀ (lower triangle in place), then two triangular solves.
    for (let j = 0; j < width; j++) {
      let d = A[j * width + j];
      for (let k = 0; k < j; k++) d -= A[j * width + k] ** 2;
      const ljj = Math.sqrt(d);
      A[j * width + j] = ljj;
      for (let i = j + 1; i < width; i++) {
        let s = A[i * width + j];
        for (let k = 0; k < j; k++) s -= A[i * width + k] * A[j * width + k];
        A[i * width + j] = s / ljj;
      }
    }
    const z = new Float64Array(width);
    for (let i = 0; i < width; i++) {
      let s = rhs[i];
      for (let k = 0; k < i; k++) s -= A[i * width + k] * z[k];
      z[i] = s / A[i * width + i];
    }
    const w = new Float64Array(width);
    for (let i = width - 1; i >= 0; i--) {
      let s = z[i];
      for (let k = i + 1; k < width; k++) s -= A[k * width + i] * w[k];
      w[i] = s / A[i * width + i];
    }
    let b = my;
    for (let j = 0; j < width; j++) b -= w[j] * mx[j];
    this.w = w;
    this.b = b;
    this.width = width;
  }

  predict(x: Float32Array, width: number): Float64Array {
    if (width !== this.width) throw new UsageError(`ridge: fitted on width ${this.width}, asked ${width}`);
    const n = x.length / width;
    const out = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      let s = this.b;
      for (let j = 0; j < width; j++) s += this.w[j] * x[r * width + j];
      out[r] = s;
    }
    return out;
  }
}
