import type { Arch } from "../space.js";
import { NB201_EDGES, NB201_OPS, OP_NONE, OP_SKIP } from "./ops.js";

/**
 * The NATS-Bench isomorphism string of an NB201 cell (its `to_unique_str(consider_zero=True)`): two cells
 * compute the same function exactly when their strings are equal.
 *
 * Each node's expression is built from its incoming edges: a `none` edge, or an edge from a node whose
 * expression is exactly the zero marker `#`, contributes `#`; a `skip_connect` edge contributes the source
 * node's expression unchanged; any other op contributes `(source)@op`. A node's expression is its terms
 * sorted as strings and joined by `+`; node 0 is `0`; the cell's string is node 3's expression.
 * On the NB201 table this partitions the 15,625 cells into exactly 6,466 classes (tested against the data's
 * `UniqueString` column).
 */
export function nb201UniqueString(a: Arch): string {
  const nodes = ["0", "", "", ""];
  for (let to = 1; to <= 3; to++) {
    const terms: string[] = [];
    for (let e = 0; e < NB201_EDGES.length; e++) {
      const [from, dst] = NB201_EDGES[e];
      if (dst !== to) continue;
      const op = a[e];
      const src = nodes[from];
      if (op === OP_NONE || src === "#") terms.push("#");
      else if (op === OP_SKIP) terms.push(src);
      else terms.push(`(${src})@${NB201_OPS[op]}`);
    }
    terms.sort();
    nodes[to] = terms.join("+");
  }
  return nodes[3];
}

/**
 * For every genotype code 0..15,624 (mixed radix, edge 0 least significant), the code of the canonical
 * representative of its class: the smallest code with the same unique string. Built once, 15,625 strings.
 */
export function buildCanonicalTable(decode: (code: number) => Arch, count: number): Int32Array {
  const rep = new Int32Array(count);
  const first = new Map<string, number>();
  for (let code = 0; code < count; code++) {
    const s = nb201UniqueString(decode(code));
    const seen = first.get(s);
    if (seen === undefined) {
      first.set(s, code);
      rep[code] = code;
    } else rep[code] = seen;
  }
  return rep;
}
