import { fmix32 } from "../../src/core/hash.js";
import type { Evaluator, Objective } from "../../src/data/evaluator.js";
import { TableEvaluator } from "../../src/data/evaluator.js";
import { BenchmarkTable } from "../../src/data/table.js";
import { CategoricalSpace } from "../../src/spaces/categorical/space.js";
import type { Arch, SearchSpace } from "../../src/spaces/space.js";

/** A categorical space with a hand-written value per genotype code (code = Σ a_i·Π_{j<i} c_j). */
export function handLandscape(
  shape: number[],
  values: number[],
): { space: CategoricalSpace; evaluator: TableEvaluator } {
  const space = new CategoricalSpace(shape, { id: `hand:${shape.join(",")}` });
  const archs: Arch[] = [];
  for (let code = 0; code < values.length; code++) archs.push(space.decodeKey(code));
  const table = new BenchmarkTable(space, "hand", archs);
  table.setNumeric("acc", Float64Array.from(values));
  return { space, evaluator: new TableEvaluator(table, "acc") };
}

/** Values with no locality at all: a hash of the genotype code, uniform in [0, 100). */
export class RandomEvaluator implements Evaluator {
  readonly name = "random-hash";
  readonly synthetic = true;
  readonly metrics = ["accuracy"];
  readonly defaultMetric = "accuracy";
  constructor(
    readonly space: SearchSpace,
    private readonly salt = 7,
  ) {}
  objective(): Objective {
    return (a) => (100 * (fmix32(this.space.code(a) ^ fmix32(this.salt)) >>> 0)) / 4294967296;
  }
}
