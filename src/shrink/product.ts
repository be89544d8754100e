import { ArchitectureError, UsageError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import { HammingSpace } from "../spaces/hamming.js";
import type { Arch, Capability, SearchSpace } from "../spaces/space.js";
import { SubSpace } from "./subspace.js";

/** Product sub-spaces up to this many genotypes can be enumerated. */
const ENUMERATION_LIMIT = 50_000_000;

/** Bases with invalid genotypes: the product (Π choices) must be small enough to list its valid genotypes. */
const VALID_LIST_LIMIT = 4_000_000;

/**
 * Why a product sub-space of `space` cannot be built, or null when it can: any `HammingSpace` (every genotype
 * valid), or a space with exact, decodable keys, per-position choices and an `isValid` whose product of
 * choices has at most VALID_LIST_LIMIT genotypes (NAS-Bench-Graph: 9 · 9⁴; its all-skip pairs are invalid),
 * whose product sub-spaces are the product intersected with the valid genotypes (issue #14).
 */
function productBaseUnsupported(space: SearchSpace): string | null {
  if (space instanceof HammingSpace) return null;
  if (!space.keyExact || !space.capabilities.has("decodeKey"))
    return `${space.id} has no exact, decodable keys`;
  const product = Array.from(space.cardinalities).reduce((p, c) => p * c, 1);
  return product <= VALID_LIST_LIMIT
    ? null
    : `${space.id}: its ${product} genotype combinations are too many to list the valid ones`;
}

/**
 * Why the operation-pruning rivals (ABS, PAD-NAS, NSE) cannot shrink `space` for `compare` and the landscape
 * benchmark, or null when they can: a product sub-space can be built (`productBaseUnsupported`) and the keys
 * are exact (a `HammingSpace` above 2^53 genotypes hashes them).
 */
export function productRivalsUnsupported(space: SearchSpace): string | null {
  if (space instanceof HammingSpace && !space.keyExact) return `${space.id} has hashed keys`;
  return productBaseUnsupported(space);
}

/**
 * A product sub-space: a subset of the choices at each genotype position of a base space. It is what
 * operation pruning (ABS, PAD-NAS, NSE) produces, and a `SearchSpace` in its own right. With a base whose
 * every genotype is valid (a `HammingSpace`: NB201, categorical chains, NAS-Bench-Macro) it is the full
 * product; with a base that has invalid genotypes (NAS-Bench-Graph, `productRivalsUnsupported`) it is the
 * product intersected with the base's valid genotypes, which it lists (`size`, `sample`, `enumerate` and
 * `atDistance` are then over that list; neighbours and mutations skip invalid genotypes).
 *
 * - `size()` = Π_i |allowed_i| genotypes, exact (bigint); `sample` picks each position uniformly among its
 *   allowed choices (uniform over the sub-space's genotypes, like the base's `sample`);
 * - neighbours: change one position to another allowed choice; edit distance: the base's Hamming distance;
 *   `maxEditDistance()` = number of positions with ≥ 2 allowed choices; `atDistance` draws uniformly at
 *   exactly distance d;
 * - keys, canonical forms, codes, encodings, format and cost are the base's. With isomorphisms (NB201) the
 *   canonical genotype of a member may lie outside the product (it computes the same function);
 * - `isValid`/`parse` accept only genotypes whose every position holds an allowed choice.
 */
export class ProductSubspace extends SubSpace {
  readonly id: string;
  /** Number of allowed choices at each position. */
  readonly cardinalities: Uint8Array;
  readonly capabilities: ReadonlySet<Capability>;
  /** allowed[i]: the base choice indices allowed at position i, ascending. */
  readonly allowed: readonly Uint8Array[];
  /** mask[i * 256 + v] = 1 when choice v is allowed at position i. */
  private readonly mask: Uint8Array;
  private readonly total: bigint;
  private readonly neighbourCount: number;
  /**
   * With a base that has invalid genotypes: the product's valid genotypes as mixed-radix indices over the
   * allowed lists (position 0 least significant), ascending; null for a `HammingSpace` base.
   */
  private readonly validList: Uint32Array | null = null;
  /** Number of classes (distinct base keys), when the base has invalid genotypes (else not defined). */
  uniqueSize?: () => bigint;

  constructor(base: SearchSpace, allowed: ReadonlyArray<ArrayLike<number>>) {
    const unsupported = productBaseUnsupported(base);
    if (unsupported !== null) throw new UsageError(`a product sub-space cannot be built: ${unsupported}`);
    if (allowed.length !== base.genotypeLength) {
      throw new UsageError(
        `product sub-space of ${base.id}: ${allowed.length} positions given, the space has ${base.genotypeLength}`,
      );
    }
    super(base);
    this.id = `product:${base.id}`;
    this.mask = new Uint8Array(base.genotypeLength * 256);
    const lists: Uint8Array[] = [];
    let total = 1n;
    let nb = 0;
    for (let i = 0; i < allowed.length; i++) {
      const set = [...new Set(Array.from(allowed[i]))].sort((x, y) => x - y);
      if (set.length === 0)
        throw new UsageError(`product sub-space of ${base.id}: position ${i} allows no choice`);
      for (const v of set) {
        if (!Number.isInteger(v) || v < 0 || v >= base.cardinalities[i]) {
          throw new UsageError(
            `product sub-space of ${base.id}: position ${i} allows choice ${v}, expected 0..${base.cardinalities[i] - 1}`,
          );
        }
        this.mask[i * 256 + v] = 1;
      }
      lists.push(Uint8Array.from(set));
      total *= BigInt(set.length);
      nb += set.length - 1;
    }
    this.allowed = lists;
    this.cardinalities = Uint8Array.from(lists.map((l) => l.length));
    this.neighbourCount = nb;
    if (!(base instanceof HammingSpace)) {
      this.validList = this.listValid(Number(total));
      if (this.validList.length === 0)
        throw new UsageError(`product sub-space of ${base.id}: no valid architecture is left`);
      total = BigInt(this.validList.length);
      let classes: bigint | undefined;
      this.uniqueSize = () => {
        if (classes === undefined) {
          const keys = new Set<number>();
          for (const a of this.enumerate()) keys.add(base.key(a));
          classes = BigInt(keys.size);
        }
        return classes;
      };
    }
    this.total = total;
    const caps: Capability[] = ["atDistance"];
    if (total <= BigInt(ENUMERATION_LIMIT)) caps.push("enumerate");
    this.capabilities = this.inherit(caps, (key: number) => base.decodeKey!(key));
  }

  /** The valid genotypes of the product (base with invalid genotypes): mixed-radix indices, ascending. */
  private listValid(n: number): Uint32Array {
    const out = new Uint32Array(n);
    let count = 0;
    for (let k = 0; k < n; k++) if (this.base.isValid(this.fromIndex(k))) out[count++] = k;
    return out.slice(0, count);
  }

  /** The genotype of mixed-radix index `k` over the allowed lists (position 0 least significant). */
  private fromIndex(k: number): Arch {
    const a = new Uint8Array(this.genotypeLength);
    for (let i = 0; i < a.length; i++) {
      const l = this.allowed[i];
      a[i] = l[k % l.length];
      k = Math.floor(k / l.length);
    }
    return a;
  }

  /** Whether choice `v` is allowed at position `i`. */
  allows(i: number, v: number): boolean {
    return this.mask[i * 256 + v] === 1;
  }

  size(): bigint {
    return this.total;
  }

  maxEditDistance(): number {
    let d = 0;
    for (const l of this.allowed) if (l.length > 1) d++;
    return d;
  }

  isValid(a: Arch): boolean {
    if (a.length !== this.genotypeLength) return false;
    for (let i = 0; i < a.length; i++) if (this.mask[i * 256 + a[i]] !== 1) return false;
    return this.validList === null || this.base.isValid(a);
  }

  sample(rng: Rng): Arch {
    if (this.validList) return this.fromIndex(this.validList[rng.int(this.validList.length)]);
    const a = new Uint8Array(this.genotypeLength);
    for (let i = 0; i < a.length; i++) a[i] = this.allowed[i][rng.int(this.allowed[i].length)];
    return a;
  }

  neighbours(a: Arch): Arch[] {
    const out: Arch[] = [];
    for (let i = 0; i < a.length; i++) {
      for (const v of this.allowed[i]) {
        if (v === a[i]) continue;
        const b = a.slice();
        b[i] = v;
        if (this.validList === null || this.base.isValid(b)) out.push(b);
      }
    }
    return out;
  }

  mutate(a: Arch, rng: Rng): Arch {
    if (this.validList) {
      const ns = this.neighbours(a);
      return ns.length === 0 ? a.slice() : ns[rng.int(ns.length)];
    }
    if (this.neighbourCount === 0) return a.slice();
    let r = rng.int(this.neighbourCount);
    for (let i = 0; i < a.length; i++) {
      const l = this.allowed[i];
      const m = l.length - 1;
      if (r < m) {
        // the r-th allowed choice other than a[i] (no filtered copy: RE mutates ~10⁴ times a run)
        const b = a.slice();
        for (let j = 0; j < l.length; j++) {
          if (l[j] !== a[i] && r-- === 0) {
            b[i] = l[j];
            break;
          }
        }
        return b;
      }
      r -= m;
    }
    return a.slice();
  }

  atDistance(a: Arch, d: number, rng: Rng): Arch {
    if (this.validList) return this.validAtDistance(a, d, rng);
    const free: number[] = [];
    for (let i = 0; i < a.length; i++) if (this.allowed[i].length > 1) free.push(i);
    if (d < 0 || d > free.length) throw new UsageError(`edit distance ${d} is outside 0..${free.length}`);
    const b = a.slice();
    for (const p of rng.sampleIndices(free.length, d)) {
      const i = free[p];
      const others = Array.from(this.allowed[i]).filter((v) => v !== a[i]);
      b[i] = others[rng.int(others.length)];
    }
    return b;
  }

  /** `atDistance` over the listed valid genotypes: uniform among those at Hamming distance exactly d. */
  private validAtDistance(a: Arch, d: number, rng: Rng): Arch {
    const at: number[] = [];
    for (const k of this.validList!) {
      const b = this.fromIndex(k);
      let dist = 0;
      for (let i = 0; i < b.length; i++) if (b[i] !== a[i]) dist++;
      if (dist === d) at.push(k);
    }
    if (at.length === 0)
      throw new UsageError(`no valid architecture of this product sub-space lies at edit distance ${d}`);
    return this.fromIndex(at[rng.int(at.length)]);
  }

  parse(text: string): Arch {
    const a = this.base.parse(text);
    if (!this.isValid(a))
      throw new ArchitectureError(`'${text.trim()}' is not in this product sub-space of ${this.base.id}`);
    return a;
  }

  *enumerate(): Iterable<Arch> {
    if (this.total > BigInt(ENUMERATION_LIMIT)) {
      throw new UsageError(`${this.id}: ${this.total} genotypes are too many to enumerate`);
    }
    if (this.validList) {
      for (const k of this.validList) yield this.fromIndex(k);
      return;
    }
    const L = this.genotypeLength;
    const digit = new Int32Array(L);
    const n = Number(this.total);
    for (let k = 0; k < n; k++) {
      const a = new Uint8Array(L);
      for (let i = 0; i < L; i++) a[i] = this.allowed[i][digit[i]];
      yield a;
      for (let i = 0; i < L; i++) {
        if (++digit[i] < this.allowed[i].length) break;
        digit[i] = 0;
      }
    }
  }
}
