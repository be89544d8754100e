import { ArchitectureError, UsageError } from "../../core/errors.js";
import { HammingSpace } from "../hamming.js";
import type { Arch, Capability } from "../space.js";

/** Options of a generic categorical space. */
export interface CategoricalOptions {
  /** Identifier used in files and reports (default "categorical"). */
  id?: string;
  /** Optional names of the choices at each position, for documentation and reports. */
  choiceNames?: readonly (readonly string[])[];
  /** Optional capabilities a subclass really implements (e.g. "cost"). */
  extraCapabilities?: readonly Capability[];
}

/**
 * A generic categorical space: `positions × choices`, each position picks one of its choices independently
 * (chains of layers as in NAS-Bench-Macro, SPOS/ShuffleNetV2, FairNAS/MobileNet; any user-defined space of
 * that shape). Edit distance is Hamming; every genotype is valid; no isomorphisms (canonical = identity).
 *
 * String form: the choice digits concatenated ("02012100") when every position has ≤ 10 choices, else the
 * indices joined by commas ("0,11,3").
 */
export class CategoricalSpace extends HammingSpace {
  readonly id: string;
  readonly encodings = ["onehot"] as const;
  readonly choiceNames: readonly (readonly string[])[] | undefined;
  private readonly compact: boolean;

  constructor(cardinalities: ArrayLike<number>, options: CategoricalOptions = {}) {
    super(cardinalities, options.extraCapabilities);
    this.id = options.id ?? "categorical";
    this.choiceNames = options.choiceNames;
    this.compact = Array.from(this.cardinalities).every((c) => c <= 10);
  }

  encodingLength(encoding: string): number {
    if (encoding !== "onehot") {
      throw new UsageError(`unknown encoding '${encoding}' for ${this.id} (known: onehot)`);
    }
    return this.onehotLength();
  }

  encode(a: Arch, encoding: string, out: Float32Array, offset: number): void {
    this.encodingLength(encoding);
    this.encodeOnehot(a, out, offset);
  }

  format(a: Arch): string {
    return this.compact ? Array.from(a).join("") : Array.from(a).join(",");
  }

  parse(text: string): Arch {
    const s = text.trim();
    const parts = this.compact && !s.includes(",") ? s.split("") : s.split(",");
    if (parts.length !== this.genotypeLength) {
      throw new ArchitectureError(
        `'${s}' has ${parts.length} positions; ${this.id} has ${this.genotypeLength}`,
      );
    }
    const a = new Uint8Array(parts.length);
    for (let i = 0; i < parts.length; i++) {
      const v = Number(parts[i]);
      if (!/^\d+$/.test(parts[i].trim()) || v >= this.cardinalities[i]) {
        throw new ArchitectureError(
          `'${s}': position ${i} has choice '${parts[i]}', expected 0..${this.cardinalities[i] - 1}`,
        );
      }
      a[i] = v;
    }
    return a;
  }
}

/** NAS-Bench-Macro (Su et al. 2021): 8 layers × {identity, MB3_K3, MB6_K5}; keys like "02012100". */
export function macroSpace(): CategoricalSpace {
  const names = ["identity", "mb3_k3", "mb6_k5"];
  return new CategoricalSpace(new Array(8).fill(3), {
    id: "macro",
    choiceNames: new Array(8).fill(names),
  });
}

/**
 * Parses a shape such as "8x3" (8 positions of 3 choices) or "3,3,4,4" (one cardinality per position),
 * e.g. from `--space categorical:20x4`.
 */
export function parseShape(shape: string): number[] {
  const m = /^(\d+)x(\d+)$/.exec(shape);
  const parts = m ? [Number(m[1]), Number(m[2])] : shape.split(",").map((p) => Number(p));
  if (parts.length === 0 || parts.some((p) => !Number.isInteger(p) || p < 1)) {
    throw new UsageError(`categorical shape '${shape}' must read NxC (e.g. 8x3) or c1,c2,… (e.g. 3,3,4)`);
  }
  const positions = m ? parts[0] : parts.length;
  const choices = m ? [parts[1]] : parts;
  if (positions > MAX_POSITIONS) {
    throw new UsageError(
      `categorical shape '${shape.slice(0, 40)}': at most ${MAX_POSITIONS} positions, got ${positions}`,
    );
  }
  const big = choices.find((c) => c > MAX_CHOICES);
  if (big !== undefined) {
    throw new UsageError(
      `categorical shape '${shape.slice(0, 40)}': at most ${MAX_CHOICES} choices per position, got ${big}`,
    );
  }
  return m ? new Array(positions).fill(parts[1]) : parts;
}

/**
 * Limits checked before anything is allocated: a genotype is a Uint8Array (choice counts ≤ 255, as `cardinalities` is a Uint8Array), and
 * 4,096 positions (10^1,900+ architectures at 3 choices) is far past every published space while keeping a
 * genotype, its one-hot encoding and its neighbour list small.
 */
export const MAX_POSITIONS = 4096;
export const MAX_CHOICES = 255;
