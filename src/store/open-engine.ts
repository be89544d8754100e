import type { AsyncEvaluator } from "../data/async-evaluator.js";
import { EvaluationEngine } from "../data/engine.js";
import { EvaluationStore } from "./evaluations.js";

/**
 * An evaluation engine over `evaluator` with the durable store at `storeFile` (when given) bound to the space
 * spec and the evaluator's identity; closing the engine closes the store. A store that cannot be opened
 * (another space or evaluator, corrupt, locked) closes the evaluator and throws its one-line error. Shared
 * by the commands' `--store` and experiment configs' `store`.
 */
export function openEngine(
  evaluator: AsyncEvaluator,
  storeFile: string | undefined,
  spaceSpec: string,
  evalSeed: number | undefined,
): EvaluationEngine {
  let store: EvaluationStore | undefined;
  try {
    if (storeFile !== undefined)
      store = EvaluationStore.open(storeFile, { space: spaceSpec, identity: evaluator.identity });
  } catch (e) {
    void evaluator.close();
    throw e;
  }
  const engine = new EvaluationEngine(evaluator, { store, evalSeed });
  const close = engine.close.bind(engine);
  engine.close = async () => {
    try {
      await close();
    } finally {
      store?.close();
    }
  };
  return engine;
}
