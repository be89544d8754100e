import { UsageError } from "../core/errors.js";
import { CategoricalSpace, macroSpace, parseShape } from "./categorical/space.js";
import { darts } from "./darts/space.js";
import { MnasNetSpace } from "./mnasnet/space.js";
import { MobileNetSpace } from "./mobilenet/space.js";
import { Nb101Space, nb101 } from "./nb101/space.js";
import { nb201 } from "./nb201/space.js";
import { nbgraphSpace } from "./nbgraph/space.js";
import type { SearchSpace } from "./space.js";
import { specSpaceFromArg } from "./spec/space.js";
import { spikenas } from "./spikenas/space.js";
import { SposSpace } from "./spos/space.js";
import { transnasMacro } from "./transnas/macro.js";
import { transnasMicro } from "./transnas/micro.js";

type Factory = (arg: string | undefined) => SearchSpace;

const factories = new Map<string, Factory>([
  ["nb201", () => nb201],
  [
    "nb101",
    (arg) =>
      arg === "naszilla"
        ? new Nb101Space({ sampling: "naszilla" })
        : arg
          ? Nb101Space.fromCellFile(arg)
          : nb101,
  ],
  ["macro", () => macroSpace()],
  ["darts", () => darts],
  ["transnas-micro", () => transnasMicro],
  ["transnas-macro", () => transnasMacro],
  [
    "nbgraph",
    (arg) => {
      if (arg !== undefined && arg !== "proteins")
        throw new UsageError(`nbgraph takes no argument but 'proteins', got '${arg}'`);
      return nbgraphSpace(arg === "proteins");
    },
  ],
  ["spikenas", () => spikenas],
  ["spos", () => new SposSpace()],
  ["fairnas", () => new MobileNetSpace("fairnas")],
  ["mobilenet", () => new MobileNetSpace("mobilenet")],
  ["mnasnet", () => new MnasNetSpace()],
  ["spec", (arg) => specSpaceFromArg(arg)],
  [
    "categorical",
    (arg) => {
      if (!arg) throw new UsageError("categorical needs a shape: --space categorical:8x3");
      return new CategoricalSpace(parseShape(arg), { id: `categorical:${arg}` });
    },
  ],
]);

/** Registers a space under a name (`--space NAME[:ARG]`). */
export function registerSpace(name: string, factory: Factory): void {
  factories.set(name, factory);
}

/** Names of the registered spaces. */
export function spaceNames(): string[] {
  return [...factories.keys()];
}

/**
 * Builds a space from its command-line spec: "nb201", "macro", "categorical:20x4", "nb101", or
 * "nb101:CELLS" (an enumeration file from `lissnas enumerate`, loaded instead of enumerating at first use),
 * "nb101:naszilla" (naszilla/NASLib's biased random-cell sampling).
 */
export function getSpace(spec: string): SearchSpace {
  const [name, arg] = spec.split(/:(.*)/s, 2);
  const factory = factories.get(name);
  if (!factory) throw new UsageError(`unknown space '${spec}' (known: ${spaceNames().join(", ")})`);
  return factory(arg);
}
