import { UsageError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import { GbdtRegressor } from "../predictors/gbdt.js";
import type { PredictorFactory } from "../predictors/predictor.js";
import { RidgePredictor } from "../predictors/ridge.js";
import { type Capability, checkEncoding, requireCapabilities, type SearchSpace } from "../spaces/space.js";
import { regularisedEvolution } from "./evolution.js";
import { PredictorGuide } from "./guided.js";
import { localSearch } from "./local.js";
import type { RunState } from "./problem.js";
import { randomSearch } from "./random.js";

/** Algorithm names accepted by `--algo` and experiment configs. */
export const ALGORITHM_NAMES = ["ls", "ls-full", "rs", "re", "pls", "pre"] as const;
export type AlgorithmName = (typeof ALGORITHM_NAMES)[number];

/** Predictor names accepted by the guided algorithms. */
export const PREDICTOR_NAMES = ["gbdt", "ridge"] as const;

/**
 * A serialisable algorithm configuration (what `--algo` and the knobs, or one entry of an experiment's
 * `algorithms`, give). Unset knobs take the defaults in `DEFAULTS`.
 */
export interface AlgorithmSpec {
  algo: AlgorithmName;
  /** ls, ls-full, pls: random architectures per (re)start (default 10). */
  numInit?: number;
  /** ls, ls-full, pls: restart at a local optimum (default true) or continue from the best unexpanded. */
  restart?: boolean;
  /** re, pre: population size (default 30). */
  population?: number;
  /** re, pre: tournament sample size (default 10). */
  sampleSize?: number;
  /** pls, pre: predictor (default gbdt). */
  predictor?: (typeof PREDICTOR_NAMES)[number];
  /** pls, pre: encoding fed to the predictor (default: the space's first). */
  encoding?: string;
  /** pls, pre: refit the predictor every this many queries (default 10). */
  refit?: number;
  /** pls, pre: candidates ranked per proposal (default 10 children for pre, 100 random archs for pls). */
  candidates?: number;
  /** pls, pre: GBDT boosting rounds (default 100). */
  rounds?: number;
}

export const DEFAULTS = {
  numInit: 10,
  restart: true,
  population: 30,
  sampleSize: 10,
  predictor: "gbdt",
  refit: 10,
  candidatesPls: 100,
  candidatesPre: 10,
  rounds: 100,
} as const;

interface AlgorithmInfo {
  description: string;
  /** Space capabilities needed beyond the core (sample, neighbours, mutate, key, encode). */
  needs: readonly Capability[];
  /** Knobs it reads (others are rejected, so a typo does not pass silently). */
  knobs: ReadonlyArray<keyof AlgorithmSpec>;
  run(st: RunState, rng: Rng, spec: AlgorithmSpec): void;
}

const LS_KNOBS = ["numInit", "restart"] as const;
const RE_KNOBS = ["population", "sampleSize"] as const;
const GUIDE_KNOBS = ["predictor", "encoding", "refit", "candidates", "rounds"] as const;

const ALGORITHMS: Record<AlgorithmName, AlgorithmInfo> = {
  ls: {
    description: "local search, first improvement (shuffled neighbours), best of numInit random starts",
    needs: [],
    knobs: LS_KNOBS,
    run: (st, rng, s) => localSearch(st, rng, lsOptions(s, false)),
  },
  "ls-full": {
    description: "local search, whole neighbourhood queried, move to its best",
    needs: [],
    knobs: LS_KNOBS,
    run: (st, rng, s) => localSearch(st, rng, lsOptions(s, true)),
  },
  rs: {
    description: "random search (uniform samples, each class queried once)",
    needs: [],
    knobs: [],
    run: (st, rng) => randomSearch(st, rng),
  },
  re: {
    description: "regularised (aging) evolution: tournament of sampleSize, one random edit, oldest dies",
    needs: [],
    knobs: RE_KNOBS,
    run: (st, rng, s) => regularisedEvolution(st, rng, reOptions(s)),
  },
  pls: {
    description:
      "predictor-guided local search: neighbours tried in predicted order, restarts from predicted-best",
    needs: [],
    knobs: [...LS_KNOBS, ...GUIDE_KNOBS],
    run: (st, rng, s) =>
      localSearch(st, rng, lsOptions(s, false), new PredictorGuide(st, guideOptions(st, s, "pls"))),
  },
  pre: {
    description: "predictor-guided evolution: the best-predicted of `candidates` children is queried",
    needs: [],
    knobs: [...RE_KNOBS, ...GUIDE_KNOBS],
    run: (st, rng, s) =>
      regularisedEvolution(st, rng, reOptions(s), new PredictorGuide(st, guideOptions(st, s, "pre"))),
  },
};

function lsOptions(s: AlgorithmSpec, full: boolean) {
  return {
    numInit: s.numInit ?? DEFAULTS.numInit,
    restart: s.restart ?? DEFAULTS.restart,
    fullNeighbourhood: full,
  };
}

function reOptions(s: AlgorithmSpec) {
  return { population: s.population ?? DEFAULTS.population, sampleSize: s.sampleSize ?? DEFAULTS.sampleSize };
}

function guideOptions(st: RunState, s: AlgorithmSpec, which: "pls" | "pre") {
  return {
    predictor: predictorFactory(s.predictor ?? DEFAULTS.predictor, s.rounds ?? DEFAULTS.rounds),
    encoding: s.encoding ?? st.ctx.space.encodings[0],
    refit: s.refit ?? DEFAULTS.refit,
    minTrain: which === "pls" ? (s.numInit ?? DEFAULTS.numInit) : (s.population ?? DEFAULTS.population),
    candidates: s.candidates ?? (which === "pls" ? DEFAULTS.candidatesPls : DEFAULTS.candidatesPre),
  };
}

/** A predictor factory by name: "gbdt" (src/predictors/gbdt.ts, `rounds` trees) or "ridge". */
export function predictorFactory(name: string, rounds: number = DEFAULTS.rounds): PredictorFactory {
  if (name === "gbdt") return () => new GbdtRegressor({ nEstimators: rounds });
  if (name === "ridge") return () => new RidgePredictor(1);
  throw new UsageError(`unknown predictor '${name}' (known: ${PREDICTOR_NAMES.join(", ")})`);
}

/** Description of an algorithm (for help texts and reports). */
export function describeAlgorithm(name: AlgorithmName): string {
  return ALGORITHMS[name].description;
}

/** Parses an algorithm name with a one-line error listing the known names. */
export function parseAlgorithmName(name: unknown, field = "--algo"): AlgorithmName {
  if (typeof name !== "string" || !(ALGORITHM_NAMES as readonly string[]).includes(name)) {
    throw new UsageError(
      `${field}: unknown algorithm '${String(name)}' (known: ${ALGORITHM_NAMES.join(", ")})`,
    );
  }
  return name as AlgorithmName;
}

const INT_KNOBS = ["numInit", "population", "sampleSize", "refit", "candidates", "rounds"] as const;

/**
 * Validates a spec from a config or the command line: known algorithm, only its own knobs, integers ≥ 1,
 * a boolean `restart`, a known predictor. Errors are one line naming the field (prefixed by `where`).
 */
export function checkAlgorithmSpec(raw: unknown, where = "algorithm"): AlgorithmSpec {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new UsageError(`${where} must be an object like {"algo": "ls"}`);
  }
  const r = raw as Record<string, unknown>;
  const algo = parseAlgorithmName(r.algo, `${where}.algo`);
  const info = ALGORITHMS[algo];
  const spec: AlgorithmSpec = { algo };
  for (const [k, v] of Object.entries(r)) {
    if (k === "algo" || v === undefined) continue;
    if (!(info.knobs as readonly string[]).includes(k)) {
      const known = info.knobs.length > 0 ? info.knobs.join(", ") : "none";
      throw new UsageError(`${where}.${k}: not a knob of ${algo} (its knobs: ${known})`);
    }
    if ((INT_KNOBS as readonly string[]).includes(k)) {
      if (typeof v !== "number" || !Number.isInteger(v) || v < 1) {
        throw new UsageError(`${where}.${k} must be an integer ≥ 1, got ${JSON.stringify(v)}`);
      }
    } else if (k === "restart") {
      if (typeof v !== "boolean") throw new UsageError(`${where}.restart must be true or false`);
    } else if (k === "predictor") {
      if (!(PREDICTOR_NAMES as readonly string[]).includes(v as string)) {
        throw new UsageError(
          `${where}.predictor: unknown predictor '${v}' (known: ${PREDICTOR_NAMES.join(", ")})`,
        );
      }
    } else if (k === "encoding" && typeof v !== "string") {
      throw new UsageError(`${where}.encoding must be a string`);
    }
    (spec as unknown as Record<string, unknown>)[k] = v;
  }
  return spec;
}

/** Checks that the space has what the algorithm needs (capabilities, encoding). */
export function checkAlgorithmForSpace(spec: AlgorithmSpec, space: SearchSpace): void {
  requireCapabilities(space, ALGORITHMS[spec.algo].needs, spec.algo);
  if (spec.encoding) checkEncoding(space, spec.encoding);
  if (
    (spec.algo === "re" || spec.algo === "pre") &&
    (spec.sampleSize ?? DEFAULTS.sampleSize) > (spec.population ?? DEFAULTS.population)
  ) {
    throw new UsageError(
      `sampleSize ${spec.sampleSize ?? DEFAULTS.sampleSize} exceeds the population ${spec.population ?? DEFAULTS.population}`,
    );
  }
}

/** Runs one algorithm on a fresh run state. */
export function runAlgorithm(spec: AlgorithmSpec, st: RunState, rng: Rng): void {
  ALGORITHMS[spec.algo].run(st, rng, spec);
}

/** A short label: "ls", "ls(numInit=20,restart=false)". */
export function algorithmLabel(spec: AlgorithmSpec): string {
  const knobs = Object.entries(spec).filter(([k]) => k !== "algo");
  return knobs.length === 0 ? spec.algo : `${spec.algo}(${knobs.map(([k, v]) => `${k}=${v}`).join(",")})`;
}
