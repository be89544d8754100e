import type { Rng } from "../core/rng.js";
import type { Arch, Capability, Cost, SearchSpace } from "../spaces/space.js";

/**
 * What the shrunk spaces (`MemberSet`, `ProductSubspace`) share: they restrict *which* architectures of a
 * base space belong, and keep everything else of the base — edit distance, canonical forms, keys, codes,
 * encodings, the string form and the cost model. Subclasses define membership, sampling and neighbourhoods.
 */
export abstract class SubSpace implements SearchSpace {
  abstract readonly id: string;
  abstract readonly cardinalities: Uint8Array;
  abstract readonly capabilities: ReadonlySet<Capability>;
  readonly base: SearchSpace;
  readonly genotypeLength: number;
  readonly encodings: readonly string[];
  readonly keyExact: boolean;
  cost?: (a: Arch, dataset: string) => Cost;
  decodeKey?: (key: number) => Arch;

  protected constructor(base: SearchSpace) {
    this.base = base;
    this.genotypeLength = base.genotypeLength;
    this.encodings = base.encodings;
    this.keyExact = base.keyExact;
  }

  /**
   * Capabilities carried over from the base: "cost" when the base has it, and "decodeKey" (through
   * `decode`, which may check membership) when the base can decode keys and `decode` is given.
   */
  protected inherit(own: Capability[], decode?: (key: number) => Arch): Set<Capability> {
    const caps = new Set(own);
    const b = this.base;
    if (decode && b.capabilities.has("decodeKey") && b.decodeKey) {
      caps.add("decodeKey");
      this.decodeKey = decode;
    }
    if (b.capabilities.has("cost") && b.cost) {
      caps.add("cost");
      this.cost = (a, dataset) => b.cost!(a, dataset);
    }
    return caps;
  }

  editDistance(a: Arch, b: Arch): number {
    return this.base.editDistance(a, b);
  }

  canonical(a: Arch): Arch {
    return this.base.canonical(a);
  }

  key(a: Arch): number {
    return this.base.key(a);
  }

  code(a: Arch): number {
    return this.base.code(a);
  }

  encodingLength(encoding: string): number {
    return this.base.encodingLength(encoding);
  }

  encode(a: Arch, encoding: string, out: Float32Array, offset: number): void {
    this.base.encode(a, encoding, out, offset);
  }

  format(a: Arch): string {
    return this.base.format(a);
  }

  abstract size(): bigint;
  abstract maxEditDistance(): number;
  abstract isValid(a: Arch): boolean;
  abstract sample(rng: Rng): Arch;
  abstract neighbours(a: Arch): Arch[];
  abstract mutate(a: Arch, rng: Rng): Arch;
  abstract parse(text: string): Arch;
}
