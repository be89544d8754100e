import { createRequire } from "node:module";
import { DataError, LissnasError, UsageError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import { checkMatrix, EarlyStopping, type GbdtOptions, gbdtOptions, trainingSet } from "./gbdt.js";
import type { Predictor } from "./predictor.js";

/**
 * Real XGBoost behind the Predictor interface: the system library (Debian's `libxgboost0`) called through
 * koffi's C FFI, with `tree_method=hist`, `nthread=1` and the seed drawn from our Rng. It serves
 * reproduction runs and the side-by-side benchmark; the TypeScript GbdtRegressor is the default.
 *
 * The library is $LISSNAS_XGBOOST_LIB when set (that path only), else libxgboost.so.0 / libxgboost.so on
 * the loader's path, then Debian's multiarch directories. Options are GbdtRegressor's (same names, same meanings, same
 * label standardisation and early-stopping split), mapped to XGBoost's parameters.
 */

type Ptr = unknown;

interface XgbApi {
  version: string;
  lastError(): string;
  dmatrix(x: Float32Array, rows: number, width: number): Ptr;
  setLabel(d: Ptr, y: Float32Array): void;
  freeDMatrix(d: Ptr): void;
  booster(cache: Ptr[]): Ptr;
  freeBooster(b: Ptr): void;
  setParam(b: Ptr, name: string, value: string): void;
  updateOneIter(b: Ptr, iter: number, d: Ptr): void;
  predict(b: Ptr, d: Ptr, rows: number, iterationEnd: number): Float32Array;
  saveJson(b: Ptr): string;
  loadJson(b: Ptr, json: string): void;
}

let api: XgbApi | LissnasError | undefined;

function candidates(): string[] {
  const env = process.env.LISSNAS_XGBOOST_LIB;
  if (env) return [env];
  return [
    "libxgboost.so.0",
    "libxgboost.so",
    "/usr/lib/x86_64-linux-gnu/libxgboost.so.0",
    "/usr/lib/aarch64-linux-gnu/libxgboost.so.0",
    "libxgboost.dylib",
  ];
}

function bind(): XgbApi {
  const require = createRequire(import.meta.url);
  // biome-ignore lint/suspicious/noExplicitAny: koffi's bound functions are untyped
  let koffi: any;
  try {
    koffi = require("koffi");
  } catch {
    throw new LissnasError(
      "the xgboost backend needs the koffi package, which is not installed; use --backend ts",
    );
  }
  // biome-ignore lint/suspicious/noExplicitAny: as above
  let lib: any;
  const tried: string[] = [];
  for (const name of candidates()) {
    try {
      lib = koffi.load(name);
      break;
    } catch {
      tried.push(name);
    }
  }
  if (!lib) {
    throw new LissnasError(
      `the xgboost backend needs the XGBoost shared library (Debian: apt-get install libxgboost0; or set LISSNAS_XGBOOST_LIB), not found as ${tried.join(", ")}; use --backend ts`,
    );
  }
  const f = (sig: string) => lib.func(sig);
  const getLastError = f("const char *XGBGetLastError()");
  const versionFn = f("void XGBoostVersion(_Out_ int *major, _Out_ int *minor, _Out_ int *patch)");
  const createFromMat = f(
    "int XGDMatrixCreateFromMat(const float *data, uint64_t nrow, uint64_t ncol, float missing, _Out_ void **out)",
  );
  const setFloatInfo = f(
    "int XGDMatrixSetFloatInfo(void *handle, const char *field, const float *array, uint64_t len)",
  );
  const dmFree = f("int XGDMatrixFree(void *handle)");
  const boosterCreate = f("int XGBoosterCreate(void **dmats, uint64_t len, _Out_ void **out)");
  const boosterFree = f("int XGBoosterFree(void *handle)");
  const setParam = f("int XGBoosterSetParam(void *handle, const char *name, const char *value)");
  const updateOneIter = f("int XGBoosterUpdateOneIter(void *handle, int iter, void *dtrain)");
  const predictFromDMatrix = f(
    "int XGBoosterPredictFromDMatrix(void *handle, void *dmat, const char *config, _Out_ void **out_shape, _Out_ uint64_t *out_dim, _Out_ void **out_result)",
  );
  const saveToBuffer = f(
    "int XGBoosterSaveModelToBuffer(void *handle, const char *config, _Out_ uint64_t *out_len, _Out_ void **out_dptr)",
  );
  const loadFromBuffer = f("int XGBoosterLoadModelFromBuffer(void *handle, const void *buf, uint64_t len)");

  const check = (rc: number, what: string) => {
    if (rc !== 0) {
      const msg = String(getLastError() ?? "").split("\n")[0];
      throw new LissnasError(`xgboost ${what} failed: ${msg}`);
    }
  };
  const v: [number[], number[], number[]] = [[0], [0], [0]];
  versionFn(v[0], v[1], v[2]);
  return {
    version: `${v[0][0]}.${v[1][0]}.${v[2][0]}`,
    lastError: () => String(getLastError() ?? ""),
    dmatrix(x, rows, width) {
      const out: Ptr[] = [null];
      check(createFromMat(x, rows, width, Number.NaN, out), "XGDMatrixCreateFromMat");
      return out[0];
    },
    setLabel(d, y) {
      check(setFloatInfo(d, "label", y, y.length), "XGDMatrixSetFloatInfo");
    },
    freeDMatrix(d) {
      check(dmFree(d), "XGDMatrixFree");
    },
    booster(cache) {
      const out: Ptr[] = [null];
      check(boosterCreate(cache, cache.length, out), "XGBoosterCreate");
      return out[0];
    },
    freeBooster(b) {
      check(boosterFree(b), "XGBoosterFree");
    },
    setParam(b, name, value) {
      check(setParam(b, name, value), `XGBoosterSetParam(${name})`);
    },
    updateOneIter(b, iter, d) {
      check(updateOneIter(b, iter, d), "XGBoosterUpdateOneIter");
    },
    predict(b, d, rows, iterationEnd) {
      const shape: Ptr[] = [null];
      const dim: number[] = [0];
      const res: Ptr[] = [null];
      const config = JSON.stringify({
        type: 0,
        training: false,
        iteration_begin: 0,
        iteration_end: iterationEnd,
        strict_shape: false,
      });
      check(predictFromDMatrix(b, d, config, shape, dim, res), "XGBoosterPredictFromDMatrix");
      // The buffer belongs to the booster: copy it out at once.
      return new Float32Array(koffi.view(res[0], rows * 4).slice(0));
    },
    saveJson(b) {
      const len: number[] = [0];
      const buf: Ptr[] = [null];
      check(saveToBuffer(b, JSON.stringify({ format: "json" }), len, buf), "XGBoosterSaveModelToBuffer");
      return Buffer.from(koffi.view(buf[0], len[0])).toString("utf8");
    },
    loadJson(b, json) {
      const bytes = Buffer.from(json, "utf8");
      check(loadFromBuffer(b, bytes, bytes.length), "XGBoosterLoadModelFromBuffer");
    },
  };
}

/** The bound library, or a one-line LissnasError saying why it is unavailable. */
function xgb(): XgbApi {
  if (api === undefined) {
    try {
      api = bind();
    } catch (e) {
      api = e instanceof LissnasError ? e : new LissnasError(`xgboost backend: ${(e as Error).message}`);
    }
  }
  if (api instanceof LissnasError) throw api;
  return api;
}

/** Whether the real XGBoost library can be loaded here. */
export function xgboostAvailable(): boolean {
  try {
    xgb();
    return true;
  } catch {
    return false;
  }
}

/** The loaded library's version ("1.7.4"); throws the one-line error when it is absent. */
export function xgboostVersion(): string {
  return xgb().version;
}

const boosters = new FinalizationRegistry<Ptr>((b) => {
  try {
    xgb().freeBooster(b);
  } catch {
    // nothing sensible to do in a finaliser
  }
});

/** XGBoost's regressor through its C API, with GbdtRegressor's options and behaviour around it. */
export class XgboostRegressor implements Predictor {
  readonly name = "xgboost";
  readonly options: GbdtOptions;
  private booster: Ptr | undefined;
  private fitWidth = 0;
  private mean = 0;
  private std = 1;
  private iterationEnd = 0;
  /** Validation RMSE (standardised scale) after each round, when early stopping ran. */
  validLoss = new Float64Array(0);

  /** Throws the one-line "library not found" LissnasError when XGBoost is absent. */
  constructor(options: Partial<GbdtOptions> = {}) {
    this.options = gbdtOptions(options);
    xgb();
  }

  /** Rounds kept (the best iteration + 1 under early stopping). */
  get rounds(): number {
    return this.iterationEnd;
  }

  fit(x: Float32Array, width: number, y: Float64Array, rng: Rng): void {
    const lib = xgb();
    const o = this.options;
    const { x: xt, z, xv, zv, scale } = trainingSet("xgboost fit", x, width, y, o, rng);
    const dtrain = lib.dmatrix(xt, z.length, width);
    const dvalid = xv && zv ? lib.dmatrix(xv, zv.length, width) : undefined;
    this.dispose();
    try {
      lib.setLabel(dtrain, Float32Array.from(z));
      const b = lib.booster(dvalid ? [dtrain, dvalid] : [dtrain]);
      this.booster = b;
      boosters.register(this, b, this);
      const params: Array<[string, string]> = [
        ["objective", "reg:squarederror"],
        ["tree_method", "hist"],
        ["nthread", "1"],
        ["verbosity", "0"],
        ["seed", String(rng.child("xgboost", "seed").uint32() & 0x7fffffff)],
        ["eta", String(o.eta)],
        ["max_depth", String(o.maxDepth)],
        ["min_child_weight", String(o.minChildWeight)],
        ["lambda", String(o.lambda)],
        ["gamma", String(o.gamma)],
        ["subsample", String(o.subsample)],
        ["colsample_bytree", String(o.colsampleBytree)],
        ["base_score", String(o.baseScore)],
        ["max_bin", String(o.maxBin)],
      ];
      for (const [k, v] of params) lib.setParam(b, k, v);
      const validLoss: number[] = [];
      const stopping = new EarlyStopping(o.earlyStoppingRounds);
      let round = 0;
      for (; round < o.nEstimators; round++) {
        lib.updateOneIter(b, round, dtrain);
        if (dvalid && zv) {
          const p = lib.predict(b, dvalid, zv.length, round + 1);
          let s = 0;
          for (let i = 0; i < zv.length; i++) s += (p[i] - zv[i]) ** 2;
          const rmse = Math.sqrt(s / zv.length);
          validLoss.push(rmse);
          if (stopping.observe(round, rmse)) {
            round++;
            break;
          }
        }
      }
      this.iterationEnd = zv ? stopping.bestRound + 1 : round;
      this.validLoss = Float64Array.from(validLoss);
      this.fitWidth = width;
      this.mean = scale.mean;
      this.std = scale.std;
    } finally {
      lib.freeDMatrix(dtrain);
      if (dvalid) lib.freeDMatrix(dvalid);
    }
  }

  predict(x: Float32Array, width: number): Float64Array {
    if (this.booster === undefined) throw new UsageError("xgboost: predict called before fit");
    const lib = xgb();
    const rows = checkMatrix("xgboost predict", x, width, this.fitWidth);
    const out = new Float64Array(rows);
    if (rows === 0) return out;
    const d = lib.dmatrix(x, rows, width);
    try {
      const p = lib.predict(this.booster, d, rows, this.iterationEnd);
      for (let i = 0; i < rows; i++) out[i] = p[i] * this.std + this.mean;
    } finally {
      lib.freeDMatrix(d);
    }
    return out;
  }

  /** Frees the native booster now (it is also freed when this object is garbage-collected). */
  dispose(): void {
    if (this.booster === undefined) return;
    boosters.unregister(this);
    xgb().freeBooster(this.booster);
    this.booster = undefined;
  }

  /** The model as JSON: our options and label scale around XGBoost's own JSON model. */
  toJSON(): object {
    if (this.booster === undefined) throw new UsageError("xgboost: cannot save a model before fit");
    return {
      format: "lissnas-xgboost",
      version: 1,
      options: { ...this.options },
      width: this.fitWidth,
      labelMean: this.mean,
      labelStd: this.std,
      rounds: this.iterationEnd,
      xgboost: xgb().saveJson(this.booster),
    };
  }

  /** Rebuilds a model saved with toJSON(); a one-line DataError naming `source` when it is not one. */
  static fromJSON(obj: unknown, source = "model JSON"): XgboostRegressor {
    const bad = (msg: string): never => {
      throw new DataError(source, msg);
    };
    if (typeof obj !== "object" || obj === null || Array.isArray(obj))
      return bad("not an XGBoost model (expected an object)");
    const m = obj as Record<string, unknown>;
    if (m.format !== "lissnas-xgboost")
      return bad(`not an XGBoost model (format is ${JSON.stringify(m.format)})`);
    if (m.version !== 1)
      return bad(`unsupported model version ${JSON.stringify(m.version)} (this lissnas reads 1)`);
    let model: XgboostRegressor;
    try {
      model = new XgboostRegressor(m.options as Partial<GbdtOptions>);
    } catch (e) {
      if (e instanceof LissnasError && !(e instanceof UsageError)) throw e;
      return bad(`options: ${(e as Error).message}`);
    }
    if (typeof m.width !== "number" || !Number.isInteger(m.width) || m.width < 1)
      bad("'width' must be an integer ≥ 1");
    for (const k of ["labelMean", "labelStd"] as const) {
      if (typeof m[k] !== "number" || !Number.isFinite(m[k])) bad(`'${k}' must be a finite number`);
    }
    if ((m.labelStd as number) <= 0) bad("'labelStd' must be positive");
    if (typeof m.rounds !== "number" || !Number.isInteger(m.rounds) || m.rounds < 1)
      bad("'rounds' must be an integer ≥ 1");
    if (typeof m.xgboost !== "string") return bad("'xgboost' must hold XGBoost's JSON model as a string");
    const lib = xgb();
    const b = lib.booster([]);
    try {
      lib.loadJson(b, m.xgboost);
    } catch (e) {
      lib.freeBooster(b);
      return bad(`XGBoost rejected the model: ${(e as Error).message}`);
    }
    model.booster = b;
    boosters.register(model, b, model);
    model.fitWidth = m.width as number;
    model.mean = m.labelMean as number;
    model.std = m.labelStd as number;
    model.iterationEnd = m.rounds as number;
    return model;
  }
}
