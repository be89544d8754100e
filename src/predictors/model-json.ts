import type { Ensemble } from "./ensemble.js";

/** The JSON form of an ensemble: its flat node arrays as plain number arrays. */
export interface EnsembleJson {
  treeStart: number[];
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

export function ensembleToJson(e: Ensemble): EnsembleJson {
  return {
    treeStart: Array.from(e.treeStart),
    feature: Array.from(e.feature),
    threshold: Array.from(e.threshold),
    left: Array.from(e.left),
    right: Array.from(e.right),
    value: Array.from(e.value),
  };
}

/**
 * Rebuilds an ensemble from its JSON form, checking everything prediction relies on: array types and
 * lengths, tree boundaries, features in 0..width−1, float32 thresholds, finite values, and that every
 * tree is a tree (each child after its parent, inside the same tree, with exactly one parent). `bad`
 * throws the caller's one-line error.
 */
export function ensembleFromJson(obj: unknown, width: number, bad: (msg: string) => never): Ensemble {
  if (typeof obj !== "object" || obj === null) return bad("'trees' must be an object of node arrays");
  const t = obj as Record<string, unknown>;
  const nums = (name: keyof EnsembleJson): number[] => {
    const a = t[name];
    if (!Array.isArray(a)) return bad(`'trees.${name}' must be an array of numbers`);
    for (let i = 0; i < a.length; i++) {
      if (typeof a[i] !== "number" || !Number.isFinite(a[i])) {
        return bad(`'trees.${name}[${i}]' is ${JSON.stringify(a[i])}, not a finite number`);
      }
    }
    return a as number[];
  };
  const treeStart = nums("treeStart");
  const feature = nums("feature");
  const threshold = nums("threshold");
  const left = nums("left");
  const right = nums("right");
  const value = nums("value");
  const n = feature.length;
  for (const [name, a] of [
    ["threshold", threshold],
    ["left", left],
    ["right", right],
    ["value", value],
  ] as const) {
    if (a.length !== n) bad(`'trees.${name}' has ${a.length} entries but 'trees.feature' has ${n}`);
  }
  if (treeStart.length < 2 || treeStart[0] !== 0 || treeStart[treeStart.length - 1] !== n) {
    bad(`'trees.treeStart' must run from 0 to the node count ${n}, with at least one tree`);
  }
  const parents = new Uint8Array(n);
  for (let k = 0; k + 1 < treeStart.length; k++) {
    const s = treeStart[k];
    const e = treeStart[k + 1];
    if (!Number.isInteger(s) || !(e > s))
      bad(`'trees.treeStart' must be strictly increasing integers (tree ${k})`);
    for (let i = s; i < e; i++) {
      const f = feature[i];
      if (!Number.isInteger(f) || f < -1 || f >= width)
        bad(`'trees.feature[${i}]' is ${f}, outside -1..${width - 1}`);
      if (f < 0) {
        if (left[i] !== -1 || right[i] !== -1) bad(`leaf ${i} must have left = right = -1`);
        continue;
      }
      if (Math.fround(threshold[i]) !== threshold[i]) bad(`'trees.threshold[${i}]' is not a float32 value`);
      for (const c of [left[i], right[i]]) {
        if (!Number.isInteger(c) || c <= i || c >= e) {
          bad(`node ${i}: child ${c} must come after its parent, inside tree ${k} (nodes ${s}..${e - 1})`);
        }
        if (parents[c]++ > 0) bad(`node ${c} has two parents`);
      }
    }
    for (let i = s + 1; i < e; i++) if (parents[i] !== 1) bad(`node ${i} of tree ${k} has no parent`);
  }
  return {
    treeStart: Int32Array.from(treeStart),
    feature: Int32Array.from(feature),
    threshold: Float32Array.from(threshold),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    value: Float64Array.from(value),
  };
}
