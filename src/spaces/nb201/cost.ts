import { UsageError } from "../../core/errors.js";
import type { Arch, Cost } from "../space.js";

/** Analytic FLOPs/params of the NB201 network. Being written (see docs/ARCHITECTURE.md). */
export function nb201Cost(_a: Arch, dataset: string): Cost {
  throw new UsageError(`nb201 cost for ${dataset} is not available yet`);
}
