import type { TopLevelSpec } from "vega-lite";
import type { Cell } from "./html.js";

/** A figure: its Vega-Lite spec, a title and a caption saying what it shows and how to read it. */
export interface FigureBlock {
  type: "figure";
  /** File-name-safe id (figures/<id>.svg). */
  id: string;
  title: string;
  caption: string;
  spec: TopLevelSpec;
}

/** A figure or table whose data the results do not hold: shown as a note, never a crash. */
export interface MissingBlock {
  type: "missing";
  title: string;
  reason: string;
}

export interface TableBlock {
  type: "table";
  title: string;
  caption?: string;
  header: string[];
  rows: Cell[][];
  sortable?: boolean;
}

export interface TextBlock {
  type: "text";
  title?: string;
  paragraphs: string[];
}

export type Block = FigureBlock | MissingBlock | TableBlock | TextBlock;

/** A report: what a page shows, before rendering. Every string is plain text (escaped when rendered). */
export interface Report {
  kind: "compare" | "shrink" | "search" | "experiment" | "locality" | "landscape";
  title: string;
  synthetic: boolean;
  /** One line each: evaluator, metric, seeds, command… */
  facts: string[];
  blocks: Block[];
}

/** A figure block, or a missing note when `spec` could not be built from the data. */
export function figureOr(
  id: string,
  title: string,
  caption: string,
  build: () => TopLevelSpec | string,
): FigureBlock | MissingBlock {
  try {
    const spec = build();
    if (typeof spec === "string") return { type: "missing", title, reason: spec };
    return { type: "figure", id, title, caption, spec };
  } catch (e) {
    return { type: "missing", title, reason: `not drawn: ${(e as Error).message.split("\n")[0]}` };
  }
}

/** Reads `obj.path` safely from JSON of unknown vintage: undefined when any step is missing. */
export function get(obj: unknown, ...path: Array<string | number>): unknown {
  let o: unknown = obj;
  for (const k of path) {
    if (o === null || typeof o !== "object") return undefined;
    o = (o as Record<string | number, unknown>)[k];
  }
  return o;
}

export const num = (x: unknown): number | null => (typeof x === "number" ? x : null);
export const str = (x: unknown): string | null => (typeof x === "string" ? x : null);
export const arr = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
export const nums = (x: unknown): number[] => arr(x).map((v) => (typeof v === "number" ? v : Number.NaN));
