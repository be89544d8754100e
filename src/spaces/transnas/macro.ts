import { ArchitectureError, UsageError } from "../../core/errors.js";
import type { Rng } from "../../core/rng.js";
import type { Arch, Capability, SearchSpace } from "../space.js";

const LENGTH = 6;
const CODES = 5 ** LENGTH;
/** Layer codes (TNB101's macro string digits; 0 pads the tuple after the last layer). */
export const TRANSNAS_MACRO_BLOCKS = [
  "(none)",
  "normal",
  "channel×2",
  "stride 2",
  "channel×2 + stride 2",
] as const;

/** The rules of NASLib's sampler: 4–6 layers, 1–4 of them downsampling (3, 4), 1–3 doubling channels (2, 4). */
function validTuple(a: Arch): boolean {
  if (a.length !== LENGTH) return false;
  let n = 0;
  let down = 0;
  let double = 0;
  for (let i = 0; i < LENGTH; i++) {
    const v = a[i];
    if (v > 4) return false;
    if (v === 0) continue;
    if (i !== n) return false; // a layer after padding
    n++;
    if (v === 3 || v === 4) down++;
    if (v === 2 || v === 4) double++;
  }
  return n >= 4 && down >= 1 && down <= 4 && double >= 1 && double <= 3;
}

/**
 * TransNAS-Bench-101 macro (skeleton-level) space: a chain of 4–6 residual layers, each normal (1), doubling
 * its channels (2), halving the resolution (3) or both (4), with 1–4 downsamplings and 1–3 doublings:
 * Σ_L C(L, ·) = 210 + 750 + 2,296 = 3,256 networks (NASLib's `TransBench101SearchSpaceMacro`). Genotype:
 * NASLib's 6-tuple, trailing zeros padding shorter chains.
 *
 * Every tuple is its own class (distinct layer sequences are distinct networks): keys are exact mixed-radix
 * codes. Neighbours: valid tuples at Hamming distance 1 — one layer's type changed, a layer appended (a 0
 * turned into a type) or the last removed — unlike NASLib's `get_nbhd`, which redraws (length, downsamplings,
 * doublings) with random layer orders and so has no fixed neighbourhood. Edit distance: Hamming (max 6).
 */
export class TransnasMacroSpace implements SearchSpace {
  readonly id = "transnas-macro";
  readonly genotypeLength = LENGTH;
  readonly cardinalities = Uint8Array.from([5, 5, 5, 5, 5, 5]);
  readonly encodings = ["onehot"] as const;
  readonly capabilities: ReadonlySet<Capability> = new Set<Capability>(["enumerate", "decodeKey"]);
  readonly keyExact = true;
  private validCodes: Int32Array | undefined;

  /** The codes of the valid tuples, in code order: built on first use, not at import (the registry holds every space). */
  private get valid(): Int32Array {
    if (!this.validCodes) {
      const codes: number[] = [];
      for (let c = 0; c < CODES; c++) if (validTuple(this.decodeCode(c))) codes.push(c);
      this.validCodes = Int32Array.from(codes);
    }
    return this.validCodes;
  }

  private decodeCode(code: number): Arch {
    const a = new Uint8Array(LENGTH);
    let k = code;
    for (let i = 0; i < LENGTH; i++) {
      a[i] = k % 5;
      k = Math.floor(k / 5);
    }
    return a;
  }

  size(): bigint {
    return BigInt(this.valid.length);
  }

  uniqueSize(): bigint {
    return this.size();
  }

  maxEditDistance(): number {
    return LENGTH;
  }

  isValid(a: Arch): boolean {
    return validTuple(a);
  }

  sample(rng: Rng): Arch {
    const valid = this.valid;
    return this.decodeCode(valid[rng.int(valid.length)]);
  }

  neighbours(a: Arch): Arch[] {
    const out: Arch[] = [];
    for (let i = 0; i < LENGTH; i++) {
      for (let v = 0; v < 5; v++) {
        if (v === a[i]) continue;
        const b = a.slice();
        b[i] = v;
        if (validTuple(b)) out.push(b);
      }
    }
    return out;
  }

  mutate(a: Arch, rng: Rng): Arch {
    const ns = this.neighbours(a);
    return ns.length === 0 ? a.slice() : ns[rng.int(ns.length)];
  }

  editDistance(a: Arch, b: Arch): number {
    let d = 0;
    for (let i = 0; i < LENGTH; i++) if (a[i] !== b[i]) d++;
    return d;
  }

  canonical(a: Arch): Arch {
    return a;
  }

  key(a: Arch): number {
    return this.code(a);
  }

  code(a: Arch): number {
    let k = 0;
    for (let i = LENGTH - 1; i >= 0; i--) k = k * 5 + a[i];
    return k;
  }

  decodeKey(key: number): Arch {
    const a = Number.isInteger(key) && key >= 0 && key < CODES ? this.decodeCode(key) : undefined;
    if (!a || !validTuple(a)) throw new UsageError(`transnas-macro: no key ${key}`);
    return a;
  }

  *enumerate(): Iterable<Arch> {
    for (const c of this.valid) yield this.decodeCode(c);
  }

  encodingLength(encoding: string): number {
    if (encoding === "onehot") return LENGTH * 5;
    throw new UsageError(`unknown encoding '${encoding}' for transnas-macro (known: onehot)`);
  }

  encode(a: Arch, encoding: string, out: Float32Array, offset: number): void {
    const width = this.encodingLength(encoding);
    out.fill(0, offset, offset + width);
    for (let i = 0; i < LENGTH; i++) out[offset + i * 5 + a[i]] = 1;
  }

  format(a: Arch): string {
    return `(${[...a].join(", ")})`;
  }

  /** NASLib's tuple `(1, 2, 4, 2, 0, 0)` or TNB101's `64-1242-basic`. */
  parse(text: string): Arch {
    const s = text.trim();
    const tuple = /^\(\s*(\d+(?:\s*,\s*\d+)*)\s*,?\s*\)$/.exec(s);
    const tnb = /^\d+-(\d{4,6})-basic$/.exec(s);
    let a: Uint8Array;
    if (tuple) a = Uint8Array.from(tuple[1].split(/\s*,\s*/), (x) => Math.min(Number(x), 255));
    else if (tnb) a = Uint8Array.from([...tnb[1].padEnd(LENGTH, "0")], Number);
    else
      throw new ArchitectureError(
        `'${s}' is not a TransNAS macro network: expected (l, l, l, l, l, l) or 64-1242-basic`,
      );
    if (a.length !== LENGTH)
      throw new ArchitectureError(`'${s}' has ${a.length} positions, a TransNAS macro tuple 6`);
    const bad = a.findIndex((v) => v > 4);
    if (bad >= 0) throw new ArchitectureError(`'${s}': layer ${bad + 1} has type ${a[bad]}, not in 0..4`);
    if (!validTuple(a)) {
      throw new ArchitectureError(
        `'${s}' breaks the macro rules: 4–6 layers before any 0 padding, 1–4 downsampling (3, 4), 1–3 channel-doubling (2, 4)`,
      );
    }
    return a;
  }
}

export const transnasMacro = new TransnasMacroSpace();
