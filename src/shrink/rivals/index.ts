export { type AbsOptions, absShrink, type ProductRivalResult, type RivalRound } from "./abs.js";
export { type GreedyNasOptions, type GreedyNasResult, greedyNasShrink } from "./greedynas.js";
export { type NseOptions, nseShrink } from "./nse.js";
export { type PadnasOptions, padnasShrink } from "./padnas.js";
export { allocateKeeps, type OpScores, opScores, productSize, type Scorer, topChoices } from "./scores.js";
