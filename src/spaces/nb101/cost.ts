import { UsageError } from "../../core/errors.js";
import type { Cost } from "../space.js";
import { LABEL_INPUT, LABEL_OUTPUT, NB101_SLOTS, OP_CONV1, OP_CONV3 } from "./cell.js";

/**
 * Trainable parameters and FLOPs of the full NAS-Bench-101 network built from a pruned cell (Ying et al.
 * 2019, CIFAR-10): a 3×3 conv stem with 128 channels (+ BN, ReLU); 3 stacks of 3 cells, a 2×2 max-pool
 * (stride 2) before stacks 2 and 3 doubling the channels (128, 256, 512); global average pool; a dense layer
 * to 10 classes (with bias).
 *
 * Inside a cell with C_in input and C_out output channels, each vertex gets a channel count (the output's
 * C_out is split as evenly as possible over the vertices feeding it, the first ones getting the remainder;
 * other vertices take the largest count of their successors). The input reaches a vertex through a 1×1
 * conv-BN-ReLU projection to that vertex's channels; a vertex sums its inputs (truncated to its channel
 * count) and applies its op (conv3×3 / conv1×1 with BN + ReLU, or max-pool 3×3); the output concatenates the
 * vertices feeding it and adds a projection of the input when the input feeds it (or is only that projection).
 * Convs have no bias; each BN has 2 trainable parameters per channel.
 *
 * Parameters reproduce the `trainable_parameters` of every cell of the NB101 sample (tested). FLOPs count
 * multiply–accumulates of convs and the dense layer only (BN, ReLU, pools and additions excluded), at
 * 32×32, 16×16 and 8×8 for the three stacks; they are not checked against a published table.
 */

const STEM = 128;
const CLASSES = 10;
const STACKS = 3;
const CELLS_PER_STACK = 3;
const RESOLUTION = 32;

/** Channels of each vertex of a compact cell (nasbench's rule, see above). */
export function vertexChannels(n: number, outs: Uint8Array, cin: number, cout: number): Int32Array {
  const ch = new Int32Array(n);
  ch[0] = cin;
  ch[n - 1] = cout;
  if (n === 2) return ch;
  const last = n - 1;
  let feeding = 0;
  for (let v = 1; v < last; v++) if ((outs[v] >>> last) & 1) feeding++;
  const interior = Math.floor(cout / feeding);
  let correction = cout % feeding;
  for (let v = 1; v < last; v++) {
    if ((outs[v] >>> last) & 1) {
      ch[v] = interior;
      if (correction > 0) {
        ch[v]++;
        correction--;
      }
    }
  }
  for (let v = n - 3; v >= 1; v--) {
    if ((outs[v] >>> last) & 1) continue;
    for (let d = v + 1; d < last; d++) if ((outs[v] >>> d) & 1) ch[v] = Math.max(ch[v], ch[d]);
  }
  return ch;
}

/** Parameters and MACs of one cell at spatial size hw × hw. */
function cellCost(n: number, outs: Uint8Array, labels: Int8Array, cin: number, cout: number, hw: number) {
  const ch = vertexChannels(n, outs, cin, cout);
  const px = hw * hw;
  let params = 0;
  let macs = 0;
  const conv = (k: number, a: number, b: number) => {
    params += k * k * a * b + 2 * b;
    macs += k * k * a * b * px;
  };
  const last = n - 1;
  let feedsOutput = 0;
  for (let t = 1; t < last; t++) {
    if (outs[0] & (1 << t)) conv(1, cin, ch[t]); // projection of the input
    if (labels[t] === OP_CONV3) conv(3, ch[t], ch[t]);
    else if (labels[t] === OP_CONV1) conv(1, ch[t], ch[t]);
    if ((outs[t] >>> last) & 1) feedsOutput++;
  }
  if (feedsOutput === 0 || (outs[0] >>> last) & 1) conv(1, cin, cout);
  return { params, macs };
}

/**
 * Parameters and MFLOPs of the network of a compact (pruned) cell; `dataset` must be cifar10 (the only
 * dataset NAS-Bench-101 trained on).
 */
export function nb101Cost(n: number, outs: Uint8Array, labels: Int8Array, dataset: string): Cost {
  if (dataset.toLowerCase() !== "cifar10" && dataset.toLowerCase() !== "cifar-10") {
    throw new UsageError(`nb101 cost is defined for cifar10 only, got '${dataset}'`);
  }
  if (n < 2 || n > NB101_SLOTS || labels[0] !== LABEL_INPUT || labels[n - 1] !== LABEL_OUTPUT) {
    throw new UsageError("nb101 cost needs a pruned cell");
  }
  let params = 3 * 3 * 3 * STEM + 2 * STEM;
  let macs = 3 * 3 * 3 * STEM * RESOLUTION * RESOLUTION;
  let channels = STEM;
  let cin = STEM;
  let hw = RESOLUTION;
  for (let s = 0; s < STACKS; s++) {
    if (s > 0) {
      channels *= 2;
      hw /= 2;
    }
    for (let m = 0; m < CELLS_PER_STACK; m++) {
      const c = cellCost(n, outs, labels, cin, channels, hw);
      params += c.params;
      macs += c.macs;
      cin = channels;
    }
  }
  params += channels * CLASSES + CLASSES;
  macs += channels * CLASSES;
  return { mflops: macs / 1e6, mparams: params / 1e6 };
}
