import { ArchitectureError, UsageError } from "../../core/errors.js";
import { fmix32 } from "../../core/hash.js";
import type { Rng } from "../../core/rng.js";
import type { Arch, Capability, Cost, SearchSpace } from "../space.js";
import { dartsCost } from "./cost.js";
import { CELL_LENGTH, CELL_NAMES, DARTS_OPS, dartsCardinalities, inputPos, N_OPS, PAIRS } from "./ops.js";

const LENGTH = 2 * CELL_LENGTH;
/** Edges (node k, input i) per cell: node k has k + 2 possible inputs → 2 + 3 + 4 + 5. */
const EDGES_PER_CELL = 14;
const ONEHOT_LENGTH = 2 * EDGES_PER_CELL * N_OPS;
/** Path encoding: per cell and input node, one indicator per op sequence of 1, 2 or 3 ops. */
const PATH_PER_INPUT = N_OPS + N_OPS ** 2 + N_OPS ** 3;
const PATH_LENGTH = 2 * 2 * PATH_PER_INPUT;
/** Neighbours per cell: node k's two pairs each have 6 other ops and k other free inputs. */
const NEIGHBOURS = 2 * (2 * (4 * (N_OPS - 1) + (0 + 1 + 2 + 3)));

/**
 * The DARTS / NAS-Bench-301 space: a normal and a reduction cell, 4 intermediate nodes each fed by two
 * (input, op) pairs with distinct inputs, 7 ops (see ops.ts for the layout and NASLib's compact string).
 *
 * - canonical form: the two pairs of a node are unordered (NASLib's `convert_genotype_to_config` sorts them
 *   too), so they are sorted by input. Not identified: equivalent relabelings of intermediate nodes, or ops that
 *   compute the same function. 2^8 orderings per class → 2.76·10^20 genotypes, 1.08·10^18 classes.
 * - key and code: a 53-bit hash of the canonical genotype (no exact scheme fits 2^53; `keyExact` false). The
 *   code is canonical too: the pair order is notation, not a different network, so a table row is found
 *   whatever order a string lists the pairs in.
 * - neighbours (as NASLib's `get_nbhd`): change one pair's op (6 ways) or its input to another input not
 *   already feeding that node: 120 per architecture, distinct classes.
 * - edit distance: per node, the cheaper matching of its two pairs, counting differing inputs and ops
 *   (a metric on unordered pairs; a neighbour is at distance 1); maximum 2 · (2 + 3 + 4 + 4) = 26.
 * - encodings: `onehot` (per cell, 14 possible edges × 7 ops, 196 values, invariant to pair order) and `path`
 *   (per cell and input node, an indicator per op sequence along a path of 1–3 edges to an intermediate
 *   node — all intermediate nodes are concatenated into the output; 4-edge paths are left out, as NASLib
 *   truncates its path encoding; 1,596 values).
 * - cost: NASLib's NB301 CIFAR-10 network (cost.ts).
 */
export class DartsSpace implements SearchSpace {
  readonly id = "darts";
  readonly genotypeLength = LENGTH;
  readonly cardinalities = Uint8Array.from(dartsCardinalities());
  readonly encodings = ["onehot", "path"] as const;
  readonly capabilities: ReadonlySet<Capability> = new Set<Capability>(["cost"]);
  readonly keyExact = false;

  size(): bigint {
    // Per cell: ordered pairs of distinct inputs (2·1 · 3·2 · 4·3 · 5·4) × 7^8 ops.
    const cell = 2880n * 7n ** 8n;
    return cell * cell;
  }

  uniqueSize(): bigint {
    const cell = 180n * 7n ** 8n;
    return cell * cell;
  }

  maxEditDistance(): number {
    return 26;
  }

  isValid(a: Arch): boolean {
    if (a.length !== LENGTH) return false;
    for (let c = 0; c < 2; c++) {
      for (let k = 0; k < 4; k++) {
        const p = inputPos(c, 2 * k);
        const i0 = a[p];
        const i1 = a[p + 2];
        if (i0 >= k + 2 || i1 >= k + 2 || i0 === i1 || a[p + 1] >= N_OPS || a[p + 3] >= N_OPS) return false;
      }
    }
    return true;
  }

  sample(rng: Rng): Arch {
    const a = new Uint8Array(LENGTH);
    for (let c = 0; c < 2; c++) {
      for (let k = 0; k < 4; k++) {
        const p = inputPos(c, 2 * k);
        const i0 = rng.int(k + 2);
        const r = rng.int(k + 1);
        a[p] = i0;
        a[p + 2] = r >= i0 ? r + 1 : r;
        a[p + 1] = rng.int(N_OPS);
        a[p + 3] = rng.int(N_OPS);
      }
    }
    return this.canonical(a);
  }

  /** Applies the `r`-th edit (0 ≤ r < 120) of the canonical enumeration of edits to a copy of `a`. */
  private edit(a: Arch, r: number): Arch {
    const b = a.slice();
    for (let c = 0; c < 2; c++) {
      for (let j = 0; j < PAIRS; j++) {
        const k = j >> 1;
        const p = inputPos(c, j);
        if (r < N_OPS - 1) {
          b[p + 1] = r >= a[p + 1] ? r + 1 : r;
          return this.canonical(b);
        }
        r -= N_OPS - 1;
        if (r < k) {
          const sibling = a[inputPos(c, j ^ 1)];
          const lo = Math.min(a[p], sibling);
          const hi = Math.max(a[p], sibling);
          let v = r;
          if (v >= lo) v++;
          if (v >= hi) v++;
          b[p] = v;
          return this.canonical(b);
        }
        r -= k;
      }
    }
    throw new Error(`darts: edit ${r} out of range`);
  }

  neighbours(a: Arch): Arch[] {
    const out: Arch[] = [];
    for (let r = 0; r < NEIGHBOURS; r++) out.push(this.edit(a, r));
    return out;
  }

  mutate(a: Arch, rng: Rng): Arch {
    return this.edit(a, rng.int(NEIGHBOURS));
  }

  /**
   * A lower bound on the classes other than `a` reachable from any `a` in 1..radius neighbour steps:
   * Σ_{d=1..radius} C(16, d) · 6^d, the genotypes that change the op of d of the 16 pairs. They keep every
   * input, so the pair order (sorted by input) is kept and distinct op choices are distinct classes, each d
   * single-op edits away. Lets LISSNAS's neighbourhood skip walking a ball it will sample anyway (issue 17).
   */
  ballLowerBound(radius: number): number {
    let total = 0;
    let choose = 1; // C(16, d)
    for (let d = 1; d <= Math.min(radius, PAIRS * 2); d++) {
      choose = (choose * (PAIRS * 2 - d + 1)) / d;
      total += choose * (N_OPS - 1) ** d;
    }
    return total;
  }

  editDistance(a: Arch, b: Arch): number {
    let d = 0;
    for (let c = 0; c < 2; c++) {
      for (let k = 0; k < 4; k++) {
        const p = inputPos(c, 2 * k);
        const q = p + 2;
        const straight = pairDiff(a, p, b, p) + pairDiff(a, q, b, q);
        d += straight === 0 ? 0 : Math.min(straight, pairDiff(a, p, b, q) + pairDiff(a, q, b, p));
      }
    }
    return d;
  }

  canonical(a: Arch): Arch {
    let out = a;
    for (let c = 0; c < 2; c++) {
      for (let k = 0; k < 4; k++) {
        const p = inputPos(c, 2 * k);
        if (a[p] > a[p + 2]) {
          if (out === a) out = a.slice();
          out[p] = a[p + 2];
          out[p + 1] = a[p + 3];
          out[p + 2] = a[p];
          out[p + 3] = a[p + 1];
        }
      }
    }
    return out;
  }

  key(a: Arch): number {
    const b = this.canonical(a);
    let h1 = 0x9e3779b9;
    let h2 = 0x85ebca6b;
    for (let i = 0; i < b.length; i++) {
      h1 = fmix32((h1 ^ b[i]) + i);
      h2 = fmix32((h2 + b[i]) ^ Math.imul(i, 0x27d4eb2f));
    }
    return (h1 >>> 0) * 2097152 + (h2 >>> 11);
  }

  code(a: Arch): number {
    return this.key(a);
  }

  encodingLength(encoding: string): number {
    if (encoding === "onehot") return ONEHOT_LENGTH;
    if (encoding === "path") return PATH_LENGTH;
    throw new UsageError(`unknown encoding '${encoding}' for darts (known: onehot, path)`);
  }

  encode(a: Arch, encoding: string, out: Float32Array, offset: number): void {
    const width = this.encodingLength(encoding);
    out.fill(0, offset, offset + width);
    if (encoding === "onehot") {
      for (let c = 0; c < 2; c++) {
        for (let j = 0; j < PAIRS; j++) {
          const k = j >> 1;
          const p = inputPos(c, j);
          const edge = (k * (k + 3)) / 2 + a[p];
          out[offset + (c * EDGES_PER_CELL + edge) * N_OPS + a[p + 1]] = 1;
        }
      }
      return;
    }
    for (let c = 0; c < 2; c++) this.encodePaths(a, c, out, offset + c * 2 * PATH_PER_INPUT);
  }

  /** Marks every (input node, op sequence) path of 1–3 edges ending at an intermediate node of cell c. */
  private encodePaths(a: Arch, c: number, out: Float32Array, offset: number): void {
    // paths[k]: [input, sequence index, length] triples of paths ending at node k.
    const paths: number[][] = [];
    const blockStart = [0, N_OPS, N_OPS + N_OPS ** 2];
    for (let k = 0; k < 4; k++) {
      const here: number[] = [];
      for (const j of [2 * k, 2 * k + 1]) {
        const p = inputPos(c, j);
        const from = a[p];
        const op = a[p + 1];
        if (from < 2) here.push(from, op, 1);
        else {
          const prev = paths[from - 2];
          for (let t = 0; t < prev.length; t += 3) {
            if (prev[t + 2] < 3) here.push(prev[t], prev[t + 1] * N_OPS + op, prev[t + 2] + 1);
          }
        }
      }
      for (let t = 0; t < here.length; t += 3) {
        out[offset + here[t] * PATH_PER_INPUT + blockStart[here[t + 2] - 1] + here[t + 1]] = 1;
      }
      paths.push(here);
    }
  }

  format(a: Arch): string {
    const cells: string[] = [];
    for (let c = 0; c < 2; c++) {
      const pairs: string[] = [];
      for (let j = 0; j < PAIRS; j++) {
        const p = inputPos(c, j);
        pairs.push(`(${a[p]}, ${a[p + 1]})`);
      }
      cells.push(`[${pairs.join(", ")}]`);
    }
    return `[${cells.join(", ")}]`;
  }

  /**
   * Parses NASLib's compact string `[[(i, op), … × 8], [… × 8]]` (lists or tuples, any spacing), as in
   * zc_nasbench301.json. Errors name the cell, node and pair.
   */
  parse(text: string): Arch {
    const s = text.replace(/\s+/g, "");
    const shown = text.trim().length > 60 ? `${text.trim().slice(0, 57)}...` : text.trim();
    const m = splitCells(s);
    if (!m) {
      throw new ArchitectureError(
        `'${shown}' is not a DARTS compact string: expected [[(input, op) × 8], [(input, op) × 8]]`,
      );
    }
    const a = new Uint8Array(LENGTH);
    for (let c = 0; c < 2; c++) this.parseCell(m[c + 1], c, a, shown);
    return a;
  }

  private parseCell(cell: string, c: number, a: Arch, shown: string): void {
    const name = CELL_NAMES[c];
    const inner = cell.slice(1, -1);
    const pairs = [...inner.matchAll(/\((\d+),(\d+)\)/g)];
    if (pairs.map((p) => p[0]).join(",") !== inner) {
      throw new ArchitectureError(`'${shown}': ${name} cell must be a list of (input, op) pairs`);
    }
    if (pairs.length !== PAIRS) {
      throw new ArchitectureError(
        `'${shown}': ${name} cell has ${pairs.length} (input, op) pairs, expected 8`,
      );
    }
    for (let j = 0; j < PAIRS; j++) {
      const k = j >> 1;
      const input = Number(pairs[j][1]);
      const op = Number(pairs[j][2]);
      if (op >= N_OPS) {
        throw new ArchitectureError(
          `'${shown}': ${name} cell, pair ${j + 1}: op ${op} is not in 0..6 (${DARTS_OPS.join(", ")})`,
        );
      }
      if (input >= k + 2) {
        throw new ArchitectureError(
          `'${shown}': ${name} cell, node ${k}: input ${input} is not before it (inputs 0..${k + 1})`,
        );
      }
      const p = inputPos(c, j);
      a[p] = input;
      a[p + 1] = op;
    }
    for (let k = 0; k < 4; k++) {
      const p = inputPos(c, 2 * k);
      if (a[p] === a[p + 2]) {
        throw new ArchitectureError(`'${shown}': ${name} cell, node ${k} takes input ${a[p]} twice`);
      }
    }
  }

  cost(a: Arch, dataset: string): Cost {
    return dartsCost(a, dataset);
  }
}

/** Differing fields (input, op) between pair x of a and pair y of b. */
function pairDiff(a: Arch, x: number, b: Arch, y: number): number {
  return (a[x] !== b[y] ? 1 : 0) + (a[x + 1] !== b[y + 1] ? 1 : 0);
}

/** `[A,B]` or `(A,B)` with A, B bracketed cells (no whitespace) → ["", A, B], else undefined. */
function splitCells(s: string): string[] | undefined {
  if (!/^[[(].*[\])]$/.test(s)) return undefined;
  const inner = s.slice(1, -1);
  let depth = 0;
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i];
    if (ch === "[" || ch === "(") depth++;
    else if (ch === "]" || ch === ")") depth--;
    else if (ch === "," && depth === 0) {
      const a = inner.slice(0, i);
      const b = inner.slice(i + 1);
      const cell = /^[[(].*[\])]$/;
      return cell.test(a) && cell.test(b) ? ["", a, b] : undefined;
    }
  }
  return undefined;
}

export const darts = new DartsSpace();
