import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import type { ErrorObject, ValidateFunction } from "ajv";
import { DataError, UsageError } from "../../core/errors.js";
import { lazy } from "../../core/lazy.js";
import { parseJsonText, readText } from "../../data/csv.js";

/** Cost terms of one choice, or of the fixed part of the network. */
export interface CostTerms {
  flops?: number;
  params?: number;
  latency?: number;
}

/** One named choice with optional cost terms. */
export interface SpecChoice extends CostTerms {
  name: string;
}

/** A spec file as validated by schemas/space-spec.schema.json (choices normalised to objects). */
export interface SpaceSpec {
  name: string;
  description?: string;
  base?: CostTerms;
  positions: { name: string; choices: SpecChoice[] }[];
  cell?: { nodes: number; edges: [number, number][]; ops: SpecChoice[] };
}

/** Where the published schema lives (repository root, shipped with the package). */
export const SPEC_SCHEMA_PATH = fileURLToPath(
  new URL("../../../schemas/space-spec.schema.json", import.meta.url),
);

let validator: ValidateFunction | undefined;

/** ajv and yaml (~40 ms at import) load on the first spec file, not with every command. */
const ajv = lazy<typeof import("ajv")>("ajv");
const yaml = lazy<typeof import("yaml")>("yaml");

function validate(): ValidateFunction {
  if (!validator) {
    const schema = JSON.parse(readFileSync(SPEC_SCHEMA_PATH, "utf8"));
    validator = new (ajv().Ajv)({ allErrors: true, strict: true }).compile(schema);
  }
  return validator;
}

/**
 * Reads and validates a spec file (.json, .yaml or .yml): schema errors (unknown keys, empty or oversized
 * choice lists, wrong types) and the checks a schema cannot express (no positions at all, duplicate names,
 * edges out of range, repeated edges, cycles) give a one-line DataError naming the file and the field.
 */
export function readSpaceSpec(file: string): SpaceSpec {
  const ext = extname(file).toLowerCase();
  if (![".json", ".yaml", ".yml"].includes(ext)) {
    throw new UsageError(`spec file ${file}: expected .json, .yaml or .yml, got '${ext}'`);
  }
  const text = readText(file);
  const raw = ext === ".json" ? parseJsonText(text, file) : parseYamlText(text, file);
  const check = validate();
  if (!check(raw)) throw new DataError(file, describe(pickError(check.errors ?? [])));
  const spec = normalise(raw as RawSpec);
  checkSemantics(spec, file);
  return spec;
}

function parseYamlText(text: string, file: string): unknown {
  try {
    return yaml().parse(text);
  } catch (e) {
    const err = e as Error & { linePos?: { line: number }[] };
    throw new DataError(file, `malformed YAML: ${err.message.split("\n")[0]}`, err.linePos?.[0]?.line);
  }
}

/** The most specific error: the deepest instance path, preferring a concrete keyword over oneOf/type. */
function pickError(errors: ErrorObject[]): ErrorObject {
  const weight = (e: ErrorObject) =>
    e.instancePath.split("/").length * 4 + (e.keyword === "oneOf" ? 0 : e.keyword === "type" ? 1 : 2);
  return errors.reduce((best, e) => (weight(e) > weight(best) ? e : best), errors[0]);
}

function describe(e: ErrorObject): string {
  const field = e.instancePath === "" ? "(top level)" : e.instancePath.slice(1).replaceAll("/", ".");
  const extra =
    e.keyword === "additionalProperties"
      ? ` '${(e.params as { additionalProperty: string }).additionalProperty}' (unknown key)`
      : "";
  return `field '${field}': ${e.message}${extra}`;
}

type RawChoice = string | SpecChoice;
interface RawSpec extends Omit<SpaceSpec, "positions" | "cell"> {
  positions?: { name: string; choices: RawChoice[] }[];
  cell?: { nodes: number; edges: [number, number][]; ops: RawChoice[] };
}

function normalise(raw: RawSpec): SpaceSpec {
  const choices = (list: RawChoice[]) => list.map((c) => (typeof c === "string" ? { name: c } : c));
  return {
    name: raw.name,
    description: raw.description,
    base: raw.base,
    positions: (raw.positions ?? []).map((p) => ({ name: p.name, choices: choices(p.choices) })),
    cell: raw.cell ? { ...raw.cell, ops: choices(raw.cell.ops) } : undefined,
  };
}

function checkSemantics(spec: SpaceSpec, file: string): void {
  const fail = (field: string, msg: string) => {
    throw new DataError(file, `field '${field}': ${msg}`);
  };
  if (spec.positions.length === 0 && !spec.cell) fail("positions", "the space has 0 positions and no cell");
  const seen = new Map<string, number>();
  spec.positions.forEach((p, i) => {
    if (seen.has(p.name))
      fail(`positions.${i}.name`, `duplicate position name '${p.name}' (also positions.${seen.get(p.name)})`);
    seen.set(p.name, i);
    duplicates(p.choices, `positions.${i}.choices`, fail);
  });
  if (spec.cell) checkCell(spec.cell, fail);
}

function duplicates(choices: SpecChoice[], field: string, fail: (f: string, m: string) => never): void {
  const names = new Set<string>();
  choices.forEach((c, j) => {
    if (names.has(c.name)) fail(`${field}.${j}`, `duplicate choice name '${c.name}'`);
    names.add(c.name);
  });
}

function checkCell(cell: NonNullable<SpaceSpec["cell"]>, fail: (f: string, m: string) => never): void {
  duplicates(cell.ops, "cell.ops", fail);
  const n = cell.nodes;
  const edgeKeys = new Set<number>();
  const out: number[][] = Array.from({ length: n }, () => []);
  cell.edges.forEach(([u, v], i) => {
    if (u >= n || v >= n) fail(`cell.edges.${i}`, `edge [${u}, ${v}] names a node outside 0..${n - 1}`);
    if (u === v) fail(`cell.edges.${i}`, `edge [${u}, ${v}] is a self-loop`);
    if (v === 0) fail(`cell.edges.${i}`, `edge [${u}, ${v}] enters the input node 0`);
    if (u === n - 1) fail(`cell.edges.${i}`, `edge [${u}, ${v}] leaves the output node ${n - 1}`);
    if (edgeKeys.has(u * 16 + v)) fail(`cell.edges.${i}`, `edge [${u}, ${v}] is repeated`);
    edgeKeys.add(u * 16 + v);
    out[u].push(v);
  });
  const cycle = findCycle(out);
  if (cycle) fail("cell.edges", `the edges form a cycle ${cycle.join(" → ")}`);
}

/** A directed cycle of the graph (as a node list, first node repeated at the end), or undefined. */
function findCycle(out: number[][]): number[] | undefined {
  const state = new Uint8Array(out.length); // 0 new, 1 on stack, 2 done
  const stack: number[] = [];
  const visit = (u: number): number[] | undefined => {
    state[u] = 1;
    stack.push(u);
    for (const v of out[u]) {
      if (state[v] === 1) return [...stack.slice(stack.indexOf(v)), v];
      if (state[v] === 0) {
        const c = visit(v);
        if (c) return c;
      }
    }
    stack.pop();
    state[u] = 2;
    return undefined;
  };
  for (let u = 0; u < out.length; u++) {
    if (state[u] === 0) {
      const c = visit(u);
      if (c) return c;
    }
  }
  return undefined;
}
