import { ArchitectureError } from "../core/errors.js";
import type { Arch } from "../spaces/space.js";

/**
 * Bit layout packing a genotype into ⌈Σ bits(c_i) / 8⌉ bytes (`bits(c)` = the bits of c − 1, at most 8): a
 * 20 × 8 genotype takes 8 bytes instead of 20, a DARTS one 10 instead of 32 (issue 17: ~10⁷ candidates in
 * LISSNAS's store, ~10⁷ members in a `MemberSet`). A field may straddle two bytes, so a buffer of packed
 * genotypes needs one spare byte at its end (`bytesFor`).
 * Written here: no installed library packs mixed-width fields into bytes.
 */
export class GenotypePacker {
  /** Bytes of one packed genotype. */
  readonly bytes: number;
  private readonly offsets: Int32Array;
  private readonly widths: Uint8Array;

  constructor(cardinalities: Uint8Array) {
    const L = cardinalities.length;
    this.offsets = new Int32Array(L);
    this.widths = new Uint8Array(L);
    let bit = 0;
    for (let i = 0; i < L; i++) {
      let w = 0;
      while (1 << w < cardinalities[i]) w++;
      this.offsets[i] = bit;
      this.widths[i] = w;
      bit += w;
    }
    this.bytes = Math.max(1, Math.ceil(bit / 8));
  }

  /** Bytes of a buffer holding `n` packed genotypes (the spare byte included). */
  bytesFor(n: number): number {
    return n * this.bytes + 1;
  }

  /** Whether `other` lays genotypes out the same way (its packed bytes can be copied as they are). */
  sameLayout(other: GenotypePacker): boolean {
    if (other === this) return true;
    if (other.bytes !== this.bytes || other.widths.length !== this.widths.length) return false;
    for (let i = 0; i < this.widths.length; i++) if (other.widths[i] !== this.widths[i]) return false;
    return true;
  }

  /** Throws an `ArchitectureError` unless every choice of `a` fits its position's bits. */
  check(a: Arch): void {
    for (let i = 0; i < a.length; i++) {
      if (a[i] >> this.widths[i] !== 0)
        throw new ArchitectureError(`position ${i}: choice ${a[i]} outside the cardinality`);
    }
  }

  /** Writes `a` at byte `at` of `to` (the bytes must be zero). */
  pack(a: Arch, to: Uint8Array, at: number): void {
    for (let i = 0; i < a.length; i++) {
      if (a[i] >> this.widths[i] !== 0)
        throw new ArchitectureError(`position ${i}: choice ${a[i]} outside the cardinality`);
      const o = this.offsets[i];
      const v = a[i] << (o & 7);
      const b = at + (o >> 3);
      to[b] |= v & 255;
      if (v > 255) to[b + 1] |= v >> 8;
    }
  }

  /** Reads the genotype at byte `at` of `from` into `out`, from `outAt` on. */
  unpack(from: Uint8Array, at: number, out: Uint8Array, outAt = 0): Uint8Array {
    for (let i = 0; i < this.widths.length; i++) {
      const o = this.offsets[i];
      const b = at + (o >> 3);
      const v = (from[b] | (from[b + 1] << 8)) >> (o & 7);
      out[outAt + i] = v & ((1 << this.widths[i]) - 1);
    }
    return out;
  }
}
