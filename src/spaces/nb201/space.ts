import { ArchitectureError, UsageError } from "../../core/errors.js";
import { HammingSpace } from "../hamming.js";
import type { Arch, Cost } from "../space.js";
import { buildCanonicalTable } from "./canonical.js";
import { nb201Cost } from "./cost.js";
import { NB201_OPS, NB201_PATHS, OP_NONE } from "./ops.js";

const COUNT = 15625;
const PATH_OFFSETS = [0, 5, 30]; // path encoding blocks: 5 one-op, 25 two-op, 125 three-op sequences
const PATH_LENGTH = 155;

/**
 * The NAS-Bench-201 space: 6 edges × 5 operations = 15,625 cells, 6,466 distinct computations.
 *
 * - neighbours: change one edge's operation (6 × 4 = 24); edit distance: Hamming over edges (max 6);
 * - canonical key: the code of the smallest cell with the same NATS isomorphism string (see canonical.ts);
 * - encodings: `onehot` (30 = 6 edges × 5 ops) and `path` (155 indicators, one per op sequence along an
 *   input→output path: 5 for the direct edge, 25 for two-edge and 125 for the three-edge path; a path
 *   through a `none` edge carries nothing);
 * - cost: analytic FLOPs/params of the full NB201 network (see cost.ts).
 * The official NB201 *index* is not a formula of the genotype: it is the row order of the benchmark files,
 * kept by the table loader (`BenchmarkTable.rowOf`).
 */
export class Nb201Space extends HammingSpace {
  readonly id = "nb201";
  readonly encodings = ["onehot", "path"] as const;
  private repTable: Int32Array | undefined;

  constructor() {
    super([5, 5, 5, 5, 5, 5], ["cost"]);
  }

  uniqueSize(): bigint {
    const rep = this.reps();
    let n = 0;
    for (let i = 0; i < COUNT; i++) if (rep[i] === i) n++;
    return BigInt(n);
  }

  private reps(): Int32Array {
    if (!this.repTable) this.repTable = buildCanonicalTable((c) => this.decodeCode(c), COUNT);
    return this.repTable;
  }

  override key(a: Arch): number {
    return this.reps()[this.code(a)];
  }

  override canonical(a: Arch): Arch {
    const k = this.key(a);
    return k === this.code(a) ? a : this.decodeCode(k);
  }

  /** The canonical genotype of a key (keys are codes of canonical representatives). */
  override decodeKey(key: number): Arch {
    if (!Number.isInteger(key) || key < 0 || key >= COUNT) throw new UsageError(`nb201: no key ${key}`);
    return this.decodeCode(this.reps()[key]);
  }

  encodingLength(encoding: string): number {
    if (encoding === "onehot") return 30;
    if (encoding === "path") return PATH_LENGTH;
    throw new UsageError(`unknown encoding '${encoding}' for nb201 (known: onehot, path)`);
  }

  encode(a: Arch, encoding: string, out: Float32Array, offset: number): void {
    if (encoding === "onehot") {
      this.encodeOnehot(a, out, offset);
      return;
    }
    if (encoding !== "path") this.encodingLength(encoding);
    out.fill(0, offset, offset + PATH_LENGTH);
    for (const path of NB201_PATHS) {
      let index = 0;
      let alive = true;
      for (const e of path) {
        if (a[e] === OP_NONE) alive = false;
        index = index * 5 + a[e];
      }
      if (alive) out[offset + PATH_OFFSETS[path.length - 1] + index] = 1;
    }
  }

  format(a: Arch): string {
    const o = (i: number, from: number) => `${NB201_OPS[a[i]]}~${from}`;
    return `|${o(0, 0)}|+|${o(1, 0)}|${o(2, 1)}|+|${o(3, 0)}|${o(4, 1)}|${o(5, 2)}|`;
  }

  /** Parses the official string `|op~0|+|op~0|op~1|+|op~0|op~1|op~2|`; whitespace around it is ignored. */
  parse(text: string): Arch {
    // Fast path (a table of 15,625 strings is parsed at every load): one regular expression and a map.
    // (Issue 17: a reader of the characters by hand was slower, ~40 vs ~27 ms CPU for the table, cold:
    // the expression runs natively from its first use.)
    const m = EXACT.exec(text);
    if (m) {
      const a = new Uint8Array(6);
      let ok = true;
      for (let i = 0; i < 6 && ok; i++) {
        const op = OP_INDEX.get(m[i + 1]);
        if (op === undefined) ok = false;
        else a[i] = op;
      }
      if (ok) return a;
    }
    return this.parseSlowly(text);
  }

  /** The general parser, whose errors say what is wrong. */
  private parseSlowly(text: string): Arch {
    const s = text.trim();
    const nodes = s.split("+");
    if (nodes.length !== 3) {
      throw new ArchitectureError(`'${s}' is not an NB201 string: expected 3 nodes joined by '+'`);
    }
    const a = new Uint8Array(6);
    let pos = 0;
    for (let n = 0; n < 3; n++) {
      const node = nodes[n];
      if (!node.startsWith("|") || !node.endsWith("|") || node.length < 2) {
        throw new ArchitectureError(`'${s}': node ${n + 1} '${node}' must be written |op~k|…|`);
      }
      const edges = node.slice(1, -1).split("|");
      if (edges.length !== n + 1) {
        throw new ArchitectureError(
          `'${s}': node ${n + 1} needs ${n + 1} input edge(s), found ${edges.length}`,
        );
      }
      for (let k = 0; k < edges.length; k++) {
        const [op, from, ...rest] = edges[k].split("~");
        if (rest.length > 0 || from !== String(k)) {
          throw new ArchitectureError(`'${s}': edge '${edges[k]}' of node ${n + 1} must read op~${k}`);
        }
        const idx = NB201_OPS.indexOf(op as (typeof NB201_OPS)[number]);
        if (idx < 0) {
          throw new ArchitectureError(`'${s}': unknown operation '${op}' (known: ${NB201_OPS.join(", ")})`);
        }
        a[pos++] = idx;
      }
    }
    return a;
  }

  cost(a: Arch, dataset: string): Cost {
    return nb201Cost(a, dataset);
  }
}

/** An NB201 string exactly as NATS-Bench writes it (no spaces); ops checked against OP_INDEX after. */
const EXACT = /^\|(\w+)~0\|\+\|(\w+)~0\|(\w+)~1\|\+\|(\w+)~0\|(\w+)~1\|(\w+)~2\|$/;
const OP_INDEX = new Map<string, number>(NB201_OPS.map((op, i) => [op, i]));

export const nb201 = new Nb201Space();
