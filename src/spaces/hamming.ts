import { ArchitectureError, UsageError } from "../core/errors.js";
import { fmix32 } from "../core/hash.js";
import type { Rng } from "../core/rng.js";
import type { Arch, Capability, SearchSpace } from "./space.js";

const MAX_EXACT = 2 ** 53;
/** Spaces up to this many genotypes can be enumerated. */
export const ENUMERATION_LIMIT = 50_000_000;

/**
 * Shared machinery of spaces whose every genotype is a valid architecture and whose edit distance is the
 * Hamming distance between genotypes (NB201's edges, chains of layers, NAS-Bench-Macro, SPOS/FairNAS).
 *
 * `code(a)` is the mixed-radix number Σ a[i]·Π_{j<i} c[j] (position 0 least significant); it is exact when the
 * space has at most 2^53 genotypes, and otherwise a 53-bit hash (then `keyExact` is false). Subclasses with
 * isomorphisms override `canonical`/`key`.
 */
export abstract class HammingSpace implements SearchSpace {
  abstract readonly id: string;
  readonly genotypeLength: number;
  readonly cardinalities: Uint8Array;
  readonly capabilities: ReadonlySet<Capability>;
  readonly keyExact: boolean;
  abstract readonly encodings: readonly string[];
  /** Place values of the mixed-radix code. */
  protected readonly radix: Float64Array;
  private readonly total: bigint;
  /** Σ (c_i − 1): the number of neighbours of every architecture. */
  readonly neighbourCount: number;
  private readonly onehotOffsets: Int32Array;

  constructor(cardinalities: ArrayLike<number>, extra: readonly Capability[] = []) {
    if (cardinalities.length === 0) throw new UsageError("a space needs at least one position");
    this.genotypeLength = cardinalities.length;
    this.cardinalities = Uint8Array.from(cardinalities);
    let total = 1n;
    let neighbours = 0;
    this.radix = new Float64Array(cardinalities.length);
    this.onehotOffsets = new Int32Array(cardinalities.length + 1);
    let place = 1;
    for (let i = 0; i < cardinalities.length; i++) {
      const c = cardinalities[i];
      if (!Number.isInteger(c) || c < 1 || c > 255) {
        throw new UsageError(`position ${i}: number of choices must be an integer in 1..255, got ${c}`);
      }
      this.radix[i] = place;
      place *= c;
      total *= BigInt(c);
      neighbours += c - 1;
      this.onehotOffsets[i + 1] = this.onehotOffsets[i] + c;
    }
    this.total = total;
    this.neighbourCount = neighbours;
    this.keyExact = total <= BigInt(MAX_EXACT);
    const caps: Capability[] = ["atDistance", ...extra];
    if (this.keyExact) caps.push("decodeKey");
    if (total <= BigInt(ENUMERATION_LIMIT)) caps.push("enumerate");
    this.capabilities = new Set(caps);
  }

  size(): bigint {
    return this.total;
  }

  maxEditDistance(): number {
    let d = 0;
    for (const c of this.cardinalities) if (c > 1) d++;
    return d;
  }

  isValid(a: Arch): boolean {
    if (a.length !== this.genotypeLength) return false;
    for (let i = 0; i < a.length; i++) if (a[i] >= this.cardinalities[i]) return false;
    return true;
  }

  sample(rng: Rng): Arch {
    const a = new Uint8Array(this.genotypeLength);
    for (let i = 0; i < a.length; i++) a[i] = rng.int(this.cardinalities[i]);
    return a;
  }

  neighbours(a: Arch): Arch[] {
    const out: Arch[] = [];
    for (let i = 0; i < a.length; i++) {
      const c = this.cardinalities[i];
      for (let v = 0; v < c; v++) {
        if (v === a[i]) continue;
        const b = a.slice();
        b[i] = v;
        out.push(b);
      }
    }
    return out;
  }

  mutate(a: Arch, rng: Rng): Arch {
    let r = rng.int(this.neighbourCount);
    const b = a.slice();
    for (let i = 0; i < a.length; i++) {
      const m = this.cardinalities[i] - 1;
      if (r < m) {
        b[i] = r >= a[i] ? r + 1 : r;
        return b;
      }
      r -= m;
    }
    return b;
  }

  atDistance(a: Arch, d: number, rng: Rng): Arch {
    const free = this.freePositions();
    if (d < 0 || d > free.length) throw new UsageError(`edit distance ${d} is outside 0..${free.length}`);
    const b = a.slice();
    const picks = rng.sampleIndices(free.length, d);
    for (const p of picks) {
      const i = free[p];
      const v = rng.int(this.cardinalities[i] - 1);
      b[i] = v >= a[i] ? v + 1 : v;
    }
    return b;
  }

  private free: Int32Array | undefined;

  /** The positions with more than one choice (built once: LISSNAS draws ~10⁶ balls' members a run). */
  private freePositions(): Int32Array {
    if (!this.free) {
      const f: number[] = [];
      for (let i = 0; i < this.genotypeLength; i++) if (this.cardinalities[i] > 1) f.push(i);
      this.free = Int32Array.from(f);
    }
    return this.free;
  }

  editDistance(a: Arch, b: Arch): number {
    let d = 0;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) d++;
    return d;
  }

  canonical(a: Arch): Arch {
    return a;
  }

  key(a: Arch): number {
    return this.code(a);
  }

  code(a: Arch): number {
    if (this.keyExact) {
      let k = 0;
      for (let i = 0; i < a.length; i++) k += a[i] * this.radix[i];
      return k;
    }
    let h1 = 0x9e3779b9;
    let h2 = 0x85ebca6b;
    for (let i = 0; i < a.length; i++) {
      h1 = fmix32((h1 ^ a[i]) + i);
      h2 = fmix32((h2 + a[i]) ^ Math.imul(i, 0x27d4eb2f));
    }
    return (h1 >>> 0) * 2097152 + (h2 >>> 11);
  }

  decodeKey(key: number): Arch {
    return this.decodeCode(key);
  }

  /** The genotype of a raw code (inverse of `code` when codes are exact). */
  decodeCode(code: number): Arch {
    if (!this.keyExact) throw new UsageError(`${this.id}: codes are hashed in a space this large`);
    const a = new Uint8Array(this.genotypeLength);
    let k = code;
    for (let i = 0; i < a.length; i++) {
      const c = this.cardinalities[i];
      a[i] = k % c;
      k = Math.floor(k / c);
    }
    return a;
  }

  *enumerate(): Iterable<Arch> {
    const n = Number(this.total);
    for (let k = 0; k < n; k++) yield this.decodeCode(k);
  }

  /** Length of the one-hot encoding: Σ c_i. */
  protected onehotLength(): number {
    return this.onehotOffsets[this.genotypeLength];
  }

  /** Writes the one-hot encoding (one block of c_i indicators per position). */
  protected encodeOnehot(a: Arch, out: Float32Array, offset: number): void {
    const width = this.onehotLength();
    out.fill(0, offset, offset + width);
    for (let i = 0; i < a.length; i++) out[offset + this.onehotOffsets[i] + a[i]] = 1;
  }

  /** Throws an ArchitectureError unless `a` is a valid genotype of this space. */
  protected check(a: Arch, text: string): Arch {
    if (!this.isValid(a)) throw new ArchitectureError(`'${text}' is not an architecture of ${this.id}`);
    return a;
  }

  abstract encodingLength(encoding: string): number;
  abstract encode(a: Arch, encoding: string, out: Float32Array, offset: number): void;
  abstract format(a: Arch): string;
  abstract parse(text: string): Arch;
}
