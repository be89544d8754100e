import { ArchitectureError } from "../../core/errors.js";
import { CellSpace } from "../cell-string.js";
import { NB201_EDGES } from "../nb201/ops.js";
import type { Arch } from "../space.js";

/** TransNAS-Bench-101's cell ops, in its own code order (the digits of its strings and of NASLib's zc keys). */
export const TRANSNAS_MICRO_OPS = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3"] as const;

/**
 * TransNAS-Bench-101 micro (cell-level) space (Duan et al., CVPR 2021): an NB201-shaped cell, 6 edges × 4 ops
 * = 4,096 cells (NASLib's count). Genotype: TNB101's op codes (0 none, 1 skip, 2 conv 1×1, 3 conv 3×3) over
 * NB201's edge order (0→1), (0→2), (1→2), (0→3), (1→3), (2→3) — the order of TNB101's `1_02_333` cell string
 * and of the tuples keying NASLib's zc_transbench101_micro.json (checked: the 20 cells whose output is cut
 * off under this reading are exactly the 20 at the class_scene floor, 14.15 %).
 *
 * Canonical form: NB201's isomorphism rules (the ops are a subset of NB201's, so classes are NB201's classes
 * restricted to these cells). Neighbours: one edge's op changed (6 × 3 = 18); Hamming edit distance (max 6).
 * Strings: the zc files' tuple `(1, 0, 0, 2, 1, 0)`; TNB101's `64-41414-1_02_333` or `1_02_333` are read too.
 */
export class TransnasMicroSpace extends CellSpace {
  readonly id = "transnas-micro";

  constructor() {
    super(NB201_EDGES, TRANSNAS_MICRO_OPS, 0, 1);
  }

  format(a: Arch): string {
    return `(${[...a].join(", ")})`;
  }

  parse(text: string): Arch {
    const s = text.trim();
    let digits: string[] | undefined;
    const tuple = /^\(\s*(\d+(?:\s*,\s*\d+)*)\s*,?\s*\)$/.exec(s);
    const tnb = /^(?:\d+-\d+-)?(\d)_(\d)(\d)_(\d)(\d)(\d)$/.exec(s);
    if (tuple) digits = tuple[1].split(/\s*,\s*/);
    else if (tnb) digits = tnb.slice(1);
    if (!digits) {
      throw new ArchitectureError(
        `'${s}' is not a TransNAS micro cell: expected (o, o, o, o, o, o) or 1_02_333`,
      );
    }
    if (digits.length !== 6)
      throw new ArchitectureError(`'${s}' has ${digits.length} edges, a TransNAS micro cell 6`);
    const a = Uint8Array.from(digits, Number);
    const bad = a.findIndex((v) => v > 3);
    if (bad >= 0) {
      throw new ArchitectureError(
        `'${s}': edge ${bad + 1} has op ${a[bad]}, not in 0..3 (${TRANSNAS_MICRO_OPS.join(", ")})`,
      );
    }
    return a;
  }
}

export const transnasMicro = new TransnasMicroSpace();
