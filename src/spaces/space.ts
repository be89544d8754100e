import { UsageError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";

/**
 * An architecture is its genotype: a fixed-length `Uint8Array` of choice indices, one per genotype
 * position (an edge's operation, a layer's block, an adjacency bit…). Its meaning belongs to its space.
 * Genotypes are small typed arrays, never objects with strings, so hot paths (neighbours, hashing, member
 * sets) stay cheap.
 */
export type Arch = Uint8Array;

/**
 * What a space can do beyond the core (sample, neighbours, mutate, edit distance, canonical key, encode,
 * format/parse, size). Optional capabilities are declared here and the matching optional methods exist if
 * and only if they are declared; algorithms state what they need with `requireCapabilities`.
 */
export type Capability =
  /** `enumerate()` lists every architecture (finite and small). */
  | "enumerate"
  /** `cost(a, dataset)` gives analytic FLOPs and parameters. */
  | "cost"
  /** `decodeKey(k)` turns a canonical key back into its canonical genotype (keys are exact). */
  | "decodeKey"
  /** `atDistance(a, d, rng)` draws uniformly among architectures at exactly edit distance d. */
  | "atDistance";

/** FLOPs and parameters of a whole network built from an architecture. */
export interface Cost {
  /** Multiply–accumulate based FLOPs, in millions (MFLOPs), under the space's documented convention. */
  mflops: number;
  /** Trainable parameters, in millions. */
  mparams: number;
}

/**
 * A discrete search space (Archai-style capabilities, NASLib-style one folder per space).
 *
 * Core contract, for every space:
 * - `sample(rng)` draws uniformly from the space's architectures (see each space for what "uniform" means);
 * - `neighbours(a)` lists every architecture at edit distance 1, valid and distinct;
 * - `mutate(a, rng)` returns one uniformly chosen neighbour;
 * - `editDistance(a, b)` and `maxEditDistance()` define the metric locality is measured in;
 * - `canonical(a)` is the representative of a's isomorphism class and `key(a)` its compact integer key:
 *   isomorphic architectures share it. `keyExact` says whether distinct classes always get distinct keys;
 * - `code(a)` is a compact integer id of the raw (non-canonical) genotype, used to look rows up in tables;
 * - `encode(a, name, out, offset)` writes a feature vector of `encodingLength(name)` floats;
 * - `format(a)` / `parse(text)` convert to and from the space's human string;
 * - `size()` is the number of architectures as a bigint.
 */
export interface SearchSpace {
  /** Identifier used on the command line and in files: "nb201", "categorical", "nb101"… */
  readonly id: string;
  /** Genotype length. */
  readonly genotypeLength: number;
  /** Number of choices at each genotype position. */
  readonly cardinalities: Uint8Array;
  /** Names of the supported encodings, the first being the default. */
  readonly encodings: readonly string[];
  /** Optional capabilities this space really has. */
  readonly capabilities: ReadonlySet<Capability>;
  /** Whether distinct canonical classes always get distinct keys. */
  readonly keyExact: boolean;

  size(): bigint;
  /** Number of canonical (isomorphism) classes, where known. */
  uniqueSize?(): bigint;
  maxEditDistance(): number;
  isValid(a: Arch): boolean;
  sample(rng: Rng): Arch;
  neighbours(a: Arch): Arch[];
  mutate(a: Arch, rng: Rng): Arch;
  editDistance(a: Arch, b: Arch): number;
  canonical(a: Arch): Arch;
  key(a: Arch): number;
  code(a: Arch): number;
  encodingLength(encoding: string): number;
  encode(a: Arch, encoding: string, out: Float32Array, offset: number): void;
  format(a: Arch): string;
  parse(text: string): Arch;

  enumerate?(): Iterable<Arch>;
  cost?(a: Arch, dataset: string): Cost;
  decodeKey?(key: number): Arch;
  atDistance?(a: Arch, d: number, rng: Rng): Arch;
}

/** Throws a one-line UsageError when `space` lacks a capability an algorithm needs. */
export function requireCapabilities(space: SearchSpace, needs: readonly Capability[], who: string): void {
  const missing = needs.filter((c) => !space.capabilities.has(c));
  if (missing.length > 0) {
    throw new UsageError(`${who} needs the space capability ${missing.join(", ")}, which ${space.id} lacks`);
  }
}

/** Checks an encoding name against the space's list. */
export function checkEncoding(space: SearchSpace, encoding: string): void {
  if (!space.encodings.includes(encoding)) {
    throw new UsageError(
      `unknown encoding '${encoding}' for space ${space.id} (known: ${space.encodings.join(", ")})`,
    );
  }
}

/** Encodes many architectures into one row-major Float32Array (rows × encodingLength). */
export function encodeMany(space: SearchSpace, archs: readonly Arch[], encoding: string): Float32Array {
  checkEncoding(space, encoding);
  const width = space.encodingLength(encoding);
  const out = new Float32Array(archs.length * width);
  for (let i = 0; i < archs.length; i++) space.encode(archs[i], encoding, out, i * width);
  return out;
}

/**
 * A random walk of `k` edits from `start`: each step moves to a uniformly random neighbour of the previous
 * architecture. Returns the k visited architectures (not the start).
 */
export function randomWalk(space: SearchSpace, start: Arch, k: number, rng: Rng): Arch[] {
  const out: Arch[] = [];
  let cur = start;
  for (let i = 0; i < k; i++) {
    cur = space.mutate(cur, rng);
    out.push(cur);
  }
  return out;
}

/**
 * An architecture at edit distance `d` from `a`: exactly d where the space can draw it directly
 * (capability "atDistance"), otherwise the end of a d-step random walk (distance at most d).
 */
export function sampleNear(space: SearchSpace, a: Arch, d: number, rng: Rng): Arch {
  if (space.atDistance) return space.atDistance(a, d, rng);
  let cur = a;
  for (let i = 0; i < d; i++) cur = space.mutate(cur, rng);
  return cur;
}
