import { ArchitectureError, UsageError } from "../../core/errors.js";
import { HammingSpace } from "../hamming.js";
import type { Arch, Cost } from "../space.js";
import { mnasnetCost } from "./cost.js";

/** Choices of each of the four per-block decisions, in genotype order (index = choice). */
export const MNAS_EXPANSIONS = [1, 4, 6];
export const MNAS_KERNELS = [3, 5];
export const MNAS_DEPTHS = [1, 2, 3, 4];
export const MNAS_SE = [false, true];
/** Number of blocks (stages) of the EfficientNet-B0 skeleton. */
export const MNAS_BLOCKS = 7;
const CARDS = [MNAS_EXPANSIONS.length, MNAS_KERNELS.length, MNAS_DEPTHS.length, MNAS_SE.length];

/** One block's decoded decisions. */
export interface MnasBlock {
  e: number;
  k: number;
  l: number;
  se: boolean;
}

/**
 * MnasNet / Accel-NASBench space (Ahmad et al. 2024, github.com/afzalxo/Accel-NASBench,
 * configurationspaces/searchspaces.py): the EfficientNet-B0 skeleton of 7 MBConv blocks with fixed
 * strides 1,2,2,2,1,2,1 and channels 16,24,40,80,112,192,320; per block the expansion e ∈ {1,4,6},
 * kernel k ∈ {3,5}, depth l ∈ {1,2,3,4} layers and squeeze-excite on/off. 48^7 ≈ 5.9·10^11 networks.
 *
 * Genotype: 28 positions, block-major (e, k, l, se) indices. String: blocks joined by "-", each
 * `e<E>k<K>l<L>` with a trailing `se` when squeeze-excite is on, e.g. EfficientNet-B0 is
 * "e1k3l1se-e6k3l2se-e6k5l2se-e6k3l3se-e6k5l3se-e6k5l4se-e6k3l1se". Edit distance: Hamming over the 28
 * decisions (changing a block's depth by any amount is one edit).
 */
export class MnasNetSpace extends HammingSpace {
  readonly id = "mnasnet";
  readonly encodings = ["onehot", "values"] as const;

  constructor() {
    super(new Array(MNAS_BLOCKS).fill(CARDS).flat(), ["cost"]);
  }

  encodingLength(encoding: string): number {
    if (encoding === "onehot") return this.onehotLength();
    if (encoding === "values") return this.genotypeLength;
    throw new UsageError(`unknown encoding '${encoding}' for mnasnet (known: onehot, values)`);
  }

  /** "onehot", or "values": the raw e, k, l, se (0/1) numbers per block. */
  encode(a: Arch, encoding: string, out: Float32Array, offset: number): void {
    this.encodingLength(encoding);
    if (encoding === "values") {
      const blocks = decodeBlocks(a);
      for (let i = 0; i < blocks.length; i++) {
        const b = blocks[i];
        out.set([b.e, b.k, b.l, b.se ? 1 : 0], offset + 4 * i);
      }
      return;
    }
    this.encodeOnehot(a, out, offset);
  }

  format(a: Arch): string {
    return decodeBlocks(a)
      .map((b) => `e${b.e}k${b.k}l${b.l}${b.se ? "se" : ""}`)
      .join("-");
  }

  parse(text: string): Arch {
    const s = text.trim();
    const parts = s.split("-");
    if (parts.length !== MNAS_BLOCKS) {
      throw new ArchitectureError(`'${s}' has ${parts.length} blocks; mnasnet has ${MNAS_BLOCKS}`);
    }
    const blocks = parts.map((p, i) => {
      const m = /^e(\d)k(\d)l(\d)(se)?$/.exec(p);
      if (!m) throw new ArchitectureError(`'${s}': block ${i} '${p}' does not read e<E>k<K>l<L>[se]`);
      return { e: Number(m[1]), k: Number(m[2]), l: Number(m[3]), se: m[4] !== undefined };
    });
    return encodeBlocks(blocks, s);
  }

  /** FLOPs (conv/FC multiply–accumulates) and parameters of the ImageNet network, see ./cost.ts. */
  /** The ImageNet network's cost; `_dataset` is ignored (the space defines one network per genotype). */
  cost(a: Arch, _dataset?: string): Cost {
    return mnasnetCost(decodeBlocks(a)).cost();
  }
}

/** The per-block decisions of a genotype. */
export function decodeBlocks(a: Arch): MnasBlock[] {
  const out: MnasBlock[] = [];
  for (let b = 0; b < MNAS_BLOCKS; b++) {
    out.push({
      e: MNAS_EXPANSIONS[a[4 * b]],
      k: MNAS_KERNELS[a[4 * b + 1]],
      l: MNAS_DEPTHS[a[4 * b + 2]],
      se: MNAS_SE[a[4 * b + 3]],
    });
  }
  return out;
}

/** The genotype of per-block decisions; `what` names the source in errors. */
export function encodeBlocks(blocks: readonly MnasBlock[], what: string): Arch {
  const a = new Uint8Array(4 * MNAS_BLOCKS);
  const pick = (values: readonly (number | boolean)[], v: number | boolean, name: string, b: number) => {
    const i = values.indexOf(v);
    if (i < 0) {
      throw new ArchitectureError(
        `'${what}': block ${b} has ${name} ${v}, expected one of ${values.join(", ")}`,
      );
    }
    return i;
  };
  blocks.forEach((blk, b) => {
    a[4 * b] = pick(MNAS_EXPANSIONS, blk.e, "expansion", b);
    a[4 * b + 1] = pick(MNAS_KERNELS, blk.k, "kernel", b);
    a[4 * b + 2] = pick(MNAS_DEPTHS, blk.l, "depth", b);
    a[4 * b + 3] = pick(MNAS_SE, blk.se, "se", b);
  });
  return a;
}
