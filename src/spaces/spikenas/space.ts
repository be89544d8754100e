import { ArchitectureError } from "../../core/errors.js";
import { CellSpace } from "../cell-string.js";
import type { Arch } from "../space.js";

/** SpikeNAS-Bench's op names (its `edges` column), in its code order. */
export const SPIKENAS_OPS = [
  "zero",
  "skip",
  "lif_conv3x3_low",
  "lif_conv3x3_mid",
  "lif_conv3x3_high",
] as const;
/** Its edge order: (0-1), (0-2), (0-3), (1-2), (1-3), (2-3). */
export const SPIKENAS_EDGES: ReadonlyArray<readonly [number, number]> = [
  [0, 1],
  [0, 2],
  [0, 3],
  [1, 2],
  [1, 3],
  [2, 3],
];

/**
 * SpikeNAS-Bench (tju-sun-lab, IEEE TAI 2024): an NB201-shaped spiking cell, 6 edges × 5 ops = 15,625 cells.
 * Genotype: the benchmark's op codes (0 zero, 1 skip, 2–4 LIF neuron + conv 3×3 + BN with low / mid / high
 * firing threshold) over its edge order (SPIKENAS_EDGES). `code` is its `arch_id` = Σ op(edge k) · 5^k.
 *
 * Canonical form: NB201's isomorphism rules (zero and skip edges; the summed nodes), an assumption about the
 * spiking cell stated in docs/spaces.md — the benchmark trained all 15,625 cells. Neighbours: one edge's op
 * changed (24); Hamming edit distance (max 6). Strings: the summary's `enc_base5_edge0to5` (`2-0-0-0-0-0`);
 * its `edges` form (`0-1:skip 0-2:zero …`) is read too.
 */
export class SpikenasSpace extends CellSpace {
  readonly id = "spikenas";

  constructor() {
    super(SPIKENAS_EDGES, SPIKENAS_OPS, 0, 1);
  }

  format(a: Arch): string {
    return [...a].join("-");
  }

  parse(text: string): Arch {
    const s = text.trim();
    if (/^\d+(-\d+)*$/.test(s)) {
      const parts = s.split("-");
      if (parts.length !== 6)
        throw new ArchitectureError(`'${s}' has ${parts.length} edges, a SpikeNAS cell 6`);
      const a = Uint8Array.from(parts, (x) => Math.min(Number(x), 255));
      const bad = a.findIndex((v) => v > 4);
      if (bad >= 0) {
        throw new ArchitectureError(
          `'${s}': edge ${bad + 1} has op ${a[bad]}, not in 0..4 (${SPIKENAS_OPS.join(", ")})`,
        );
      }
      return a;
    }
    const items = s.split(/\s+/);
    const a = new Uint8Array(6);
    if (items.length !== 6) {
      throw new ArchitectureError(`'${s}' is not a SpikeNAS cell: expected 2-0-0-0-0-0 or 0-1:op … 2-3:op`);
    }
    items.forEach((item, k) => {
      const [edge, op] = item.split(":");
      const [from, to] = SPIKENAS_EDGES[k];
      if (edge !== `${from}-${to}`)
        throw new ArchitectureError(`'${s}': item ${k + 1} must be edge ${from}-${to}:op`);
      const v = SPIKENAS_OPS.indexOf(op as (typeof SPIKENAS_OPS)[number]);
      if (v < 0)
        throw new ArchitectureError(`'${s}': unknown operation '${op}' (known: ${SPIKENAS_OPS.join(", ")})`);
      a[k] = v;
    });
    return a;
  }
}

export const spikenas = new SpikenasSpace();
