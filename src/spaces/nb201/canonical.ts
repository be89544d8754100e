import { cellCanonicalTable, cellRepresentatives, cellUniqueString } from "../cell-string.js";
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
  return cellUniqueString(a, NB201_EDGES, NB201_OPS, OP_NONE, OP_SKIP);
}

/**
 * For every genotype code 0..15,624 (mixed radix, edge 0 least significant), the code of the canonical
 * representative of its class: the smallest code with the same unique string. Built once, 15,625 strings.
 */
export function buildCanonicalTable(decode: (code: number) => Arch, count: number): Int32Array {
  if (count === NB201_OPS.length ** NB201_EDGES.length) {
    return cellRepresentatives(NB201_EDGES, NB201_OPS, OP_NONE, OP_SKIP); // the same table, fewer strings
  }
  return cellCanonicalTable(count, decode, nb201UniqueString);
}
