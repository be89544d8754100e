import { ArchitectureError, UsageError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import type { Arch, Capability, SearchSpace } from "../spaces/space.js";
import { GenotypePacker } from "./genotype-packer.js";
import { KeyIndex } from "./key-index.js";
import { SubSpace } from "./subspace.js";

/** Where `MemberSet.fromAscendingKeys` receives each member's canonical genotype (once per member). */
export interface GenotypeSink {
  /** The canonical genotype of the member with key `key` (copied at once: the array may be reused). */
  put(key: number, canonical: Arch): void;
  /**
   * The same, already packed by `packer` at byte `at` of `from`: copied as it is when the layouts match
   * (LISSNAS's candidate pages, no unpacking), unpacked and repacked otherwise.
   */
  putPacked(key: number, from: Uint8Array, at: number, packer: GenotypePacker): void;
}

/** Most parents whose member-neighbour lists `mutate` keeps (a few MB at NB201's 24 neighbours). */
const MEMO_LIMIT = 1 << 15;

/**
 * An explicit shrunk space: a set of canonical architectures of a base space (what LISSNAS produces), and
 * itself a `SearchSpace`, so search algorithms and metrics take it like any other space.
 *
 * Storage: one canonical key per member in a `KeyIndex` (a `Float64Array` of keys + an open-addressing
 * `Int32Array` table); when the base space cannot decode keys (capability "decodeKey" absent, e.g. spaces
 * too large for exact keys) the canonical genotypes are also kept, bit-packed (`GenotypePacker`: the bits
 * of each position's cardinality, 10 bytes a DARTS genotype instead of 32) in one `Uint8Array` of
 * members × `packer.bytes` (+ 1 spare byte); every accessor unpacks into a new or given array. No
 * per-architecture objects or strings. Members are deduplicated by canonical key: adding an isomorph of a
 * member does nothing.
 *
 * As a space:
 * - `size()` is the exact number of members (canonical classes); `sample` draws a member uniformly;
 * - `neighbours(a)` = the base space's neighbours of `a` whose canonical class is a member, one genotype per
 *   class (the base neighbour itself, so it stays at edit distance 1 from `a`);
 * - `mutate(a, rng)` = a uniformly chosen member neighbour, or, when `a` has none, a uniformly random member;
 * - `isValid`/`parse` accept only members; edit distance, keys, codes, encodings, format and cost are the
 *   base space's; `maxEditDistance()` is the base's (an upper bound within the set);
 * - capabilities: "enumerate" always, "decodeKey" and "cost" when the base has them.
 */
export class MemberSet extends SubSpace {
  readonly id: string;
  readonly cardinalities: Uint8Array;
  readonly capabilities: ReadonlySet<Capability>;
  /** Whether canonical genotypes are stored (the base cannot decode keys). */
  readonly packed: boolean;
  private index: KeyIndex;
  /** The bit layout of stored genotypes (when `packed`). */
  private readonly packer: GenotypePacker | undefined;
  /** Bit-packed canonical genotypes, member i at i × packer.bytes (when `packed`). */
  private genotypes: Uint8Array;
  private readonly memo = new Map<number, { arch: Arch; nb: Arch[] }>();

  constructor(base: SearchSpace, expected = 16) {
    super(base);
    this.id = `members:${base.id}`;
    this.cardinalities = base.cardinalities;
    this.packed = !(base.capabilities.has("decodeKey") && base.decodeKey);
    this.index = new KeyIndex(expected);
    this.packer = this.packed ? new GenotypePacker(base.cardinalities) : undefined;
    this.genotypes = new Uint8Array(this.packer ? this.packer.bytesFor(Math.max(1, expected)) : 0);
    this.capabilities = this.inherit(["enumerate"], (key: number) => {
      if (!this.index.has(key)) throw new UsageError(`${this.id}: key ${key} is not a member`);
      return base.decodeKey!(key);
    });
  }

  /**
   * A member set of the distinct canonical keys `keys`, in ascending order (the array is adopted, not
   * copied), as `sorted()` leaves a set. When the base cannot decode keys, `writeGenotypes` must hand the
   * sink the canonical genotype of every member, once each. Builds a large set without a second copy
   * (issue 17: LISSNAS's 10⁷-member result).
   */
  static fromAscendingKeys(
    base: SearchSpace,
    keys: Float64Array,
    writeGenotypes: (sink: GenotypeSink) => void,
  ): MemberSet {
    const set = new MemberSet(base, 0);
    set.index = KeyIndex.fromDistinct(keys);
    const packer = set.packer;
    if (!packer) return set;
    const to = new Uint8Array(packer.bytesFor(Math.max(1, keys.length)));
    set.genotypes = to;
    const B = packer.bytes;
    const scratch = new Uint8Array(base.genotypeLength);
    const rankOf = (key: number): number => {
      const r = set.index.indexOf(key);
      if (r < 0) throw new UsageError(`${set.id}: key ${key} is not a member`);
      return r;
    };
    let same: GenotypePacker | undefined; // the last packer found to share the layout
    writeGenotypes({
      put: (key, canonical) => packer.pack(canonical, to, rankOf(key) * B),
      putPacked: (key, from, at, by) => {
        if (by !== same && !packer.sameLayout(by)) {
          packer.pack(by.unpack(from, at, scratch), to, rankOf(key) * B);
          return;
        }
        same = by;
        const r = rankOf(key) * B;
        for (let j = 0; j < B; j++) to[r + j] = from[at + j];
      },
    });
    return set;
  }

  /** A member set holding the canonical classes of `archs` (duplicates and isomorphs dropped). */
  static from(base: SearchSpace, archs: Iterable<Arch>): MemberSet {
    const set = new MemberSet(base);
    for (const a of archs) set.add(a);
    return set;
  }

  /** Number of members. */
  get count(): number {
    return this.index.size;
  }

  /** Adds the canonical class of `a`; returns true when it was new. */
  add(a: Arch): boolean {
    const c = this.base.canonical(a);
    this.packer?.check(c); // before the key is indexed: a genotype that cannot be stored leaves no trace
    const before = this.index.size;
    const i = this.index.add(this.base.key(c));
    if (i < before) return false;
    this.memo.clear();
    if (this.packed) this.storeGenotype(i, c);
    return true;
  }

  /**
   * Adds a canonical key directly (the base must decode keys). Returns true when it was new. The key must
   * be a canonical key of the base space (as `base.key` returns); it is not re-derived.
   */
  addKey(key: number): boolean {
    if (this.packed)
      throw new UsageError(`${this.id}: keys cannot be added directly (the base cannot decode them)`);
    const before = this.index.size;
    const added = this.index.add(key) >= before;
    if (added) this.memo.clear();
    return added;
  }

  /** Whether the canonical class of `a` is a member. */
  has(a: Arch): boolean {
    return this.index.has(this.base.key(a));
  }

  /** Whether canonical key `key` is a member. */
  hasKey(key: number): boolean {
    return this.index.has(key);
  }

  /** The canonical key of member `i` (insertion order). */
  keyAt(i: number): number {
    return this.index.keyAt(i);
  }

  /** The canonical keys, in member order (a copy). */
  keys(): Float64Array {
    return this.index.keys().slice();
  }

  /** The canonical genotype of member `i` (a new array). */
  at(i: number): Arch {
    if (!Number.isInteger(i) || i < 0 || i >= this.index.size) {
      throw new UsageError(`${this.id}: no member ${i} (members 0..${this.index.size - 1})`);
    }
    const packer = this.packer;
    if (packer) return packer.unpack(this.genotypes, i * packer.bytes, new Uint8Array(this.genotypeLength));
    return this.base.decodeKey!(this.index.keyAt(i));
  }

  /**
   * Writes the canonical genotypes of members [start, end) into `out`, one after another (genotypeLength
   * bytes each, the layout of a space file's payload); returns `out`. Members whose keys decode are decoded.
   */
  genotypesInto(start: number, end: number, out: Uint8Array): Uint8Array {
    const L = this.genotypeLength;
    if (!(0 <= start && start <= end && end <= this.index.size) || out.length < (end - start) * L) {
      throw new UsageError(`${this.id}: members ${start}..${end} do not fit (${this.index.size} members)`);
    }
    const packer = this.packer;
    for (let i = start; i < end; i++) {
      if (packer) packer.unpack(this.genotypes, i * packer.bytes, out, (i - start) * L);
      else out.set(this.base.decodeKey!(this.index.keyAt(i)), (i - start) * L);
    }
    return out;
  }

  /** Every member's canonical genotype, in member order. */
  *[Symbol.iterator](): IterableIterator<Arch> {
    for (let i = 0; i < this.index.size; i++) yield this.at(i);
  }

  /** Whether the members are in ascending key order (as `sorted()` leaves them). */
  keysAscending(): boolean {
    const keys = this.index.keys();
    for (let i = 1; i < keys.length; i++) if (!(keys[i - 1] < keys[i])) return false;
    return true;
  }

  /**
   * A new set with the same members in ascending key order (the normal form written to files, so a saved
   * and reloaded set samples exactly like the original).
   */
  sorted(): MemberSet {
    const n = this.index.size;
    const out = new MemberSet(this.base, n);
    if (!this.packed) {
      for (const k of this.index.keys().slice().sort()) out.index.add(k);
      out.trim();
      return out;
    }
    // keys are distinct: a native numeric sort of the keys, then each member found by its key, gives the
    // order of a comparator sort of member indices by key (which took seconds at 10⁶ members)
    const B = this.packer!.bytes;
    const keys = this.index.keys().slice().sort();
    const from = this.genotypes;
    const to = out.genotypes; // sized for n members by the constructor
    for (let r = 0; r < n; r++) {
      const i = this.index.indexOf(keys[r]);
      out.index.add(keys[r]);
      for (let j = 0; j < B; j++) to[r * B + j] = from[i * B + j];
    }
    out.trim();
    return out;
  }

  /** Releases spare capacity once the set is complete. */
  trim(): void {
    this.index.trim();
    const packer = this.packer;
    if (packer && this.genotypes.length > packer.bytesFor(Math.max(1, this.index.size))) {
      this.genotypes = this.genotypes.slice(0, packer.bytesFor(Math.max(1, this.index.size)));
    }
  }

  /** Bytes held by the set's typed arrays. */
  byteLength(): number {
    return this.index.byteLength() + this.genotypes.byteLength;
  }

  /**
   * The stored canonical genotypes unpacked, members × genotypeLength bytes in member order (a new array of
   * that size: large sets are better read a block at a time with `genotypesInto`), or undefined when keys
   * suffice.
   */
  packedGenotypes(): Uint8Array | undefined {
    if (!this.packed) return undefined;
    const n = this.index.size;
    return this.genotypesInto(0, n, new Uint8Array(n * this.genotypeLength));
  }

  // ---- SearchSpace ----

  size(): bigint {
    return BigInt(this.index.size);
  }

  uniqueSize(): bigint {
    return BigInt(this.index.size);
  }

  maxEditDistance(): number {
    return this.base.maxEditDistance();
  }

  isValid(a: Arch): boolean {
    return this.base.isValid(a) && this.has(a);
  }

  sample(rng: Rng): Arch {
    if (this.index.size === 0) throw new UsageError(`${this.id}: cannot sample an empty member set`);
    return this.at(rng.int(this.index.size));
  }

  neighbours(a: Arch): Arch[] {
    const out: Arch[] = [];
    const seen = new KeyIndex(32);
    for (const b of this.base.neighbours(a)) {
      const k = this.base.key(b);
      if (!this.index.has(k) || seen.has(k)) continue;
      seen.add(k);
      out.push(b);
    }
    return out;
  }

  mutate(a: Arch, rng: Rng): Arch {
    const nb = this.memberNeighbours(a);
    return nb.length > 0 ? nb[rng.int(nb.length)].slice() : this.sample(rng);
  }

  /**
   * `neighbours(a)`, memoised by a's genotype code for `mutate`: evolution mutates the same few parents
   * thousands of times (a tournament winner stays in the population), and each call used to rebuild every
   * base neighbour and a KeyIndex. Same lists in the same order, so results are unchanged. The memo is
   * dropped when a member is added and when it outgrows MEMO_LIMIT entries.
   */
  private memberNeighbours(a: Arch): Arch[] {
    const code = this.base.code(a);
    const hit = this.memo.get(code);
    // codes of large spaces are hashes: the genotype is compared too
    if (hit !== undefined && sameGenotype(hit.arch, a)) return hit.nb;
    if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
    const nb = this.neighbours(a);
    this.memo.set(code, { arch: a.slice(), nb });
    return nb;
  }

  parse(text: string): Arch {
    const a = this.base.parse(text);
    if (!this.has(a))
      throw new ArchitectureError(`'${text.trim()}' is not a member of this shrunk ${this.base.id} space`);
    return a;
  }

  enumerate(): Iterable<Arch> {
    return this[Symbol.iterator]();
  }

  private storeGenotype(i: number, c: Arch): void {
    const packer = this.packer!;
    const need = packer.bytesFor(i + 1);
    if (need > this.genotypes.length) {
      const grown = new Uint8Array(Math.max(need, Math.ceil(this.genotypes.length * 1.5)));
      grown.set(this.genotypes);
      this.genotypes = grown;
    }
    packer.pack(c, this.genotypes, i * packer.bytes);
  }
}

/** Element-wise equality of two genotypes of the same length. */
function sameGenotype(x: Arch, y: Arch): boolean {
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}
