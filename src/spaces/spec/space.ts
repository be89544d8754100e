import { ArchitectureError, DataError, UsageError } from "../../core/errors.js";
import { HammingSpace } from "../hamming.js";
import type { Arch, Capability, Cost } from "../space.js";
import { readSpaceSpec, type SpaceSpec, type SpecChoice } from "./schema.js";

/** Skeletons with more automorphisms than this are refused (their canonical form would be too slow). */
const MAX_AUTOMORPHISMS = 5040;

/**
 * A user-defined space from a spec file (schemas/space-spec.schema.json, docs/spaces.md): the named
 * positions of a categorical chain, then one position per cell edge choosing an op. Every genotype is
 * valid; sampling is uniform over genotypes; edit distance is Hamming over positions.
 *
 * Isomorphism: two genotypes are the same network when a permutation of the cell's intermediate nodes maps
 * the edge set onto itself and carries one op assignment onto the other; `canonical` is the lexicographically
 * smallest image over those skeleton automorphisms and `uniqueSize` counts the classes exactly (Burnside).
 * Ops are not interpreted (a "none" op does not delete its edge): only skeleton symmetries are identified.
 *
 * Cost (capability "cost", only when every choice and op gives `flops` and `params`): `base` + the terms of
 * the chosen choices, in the file's units (MFLOPs as multiply–accumulates, millions of parameters).
 */
export class SpecSpace extends HammingSpace {
  readonly id: string;
  readonly encodings = ["onehot"] as const;
  readonly spec: SpaceSpec;
  /** Choices of every genotype position (chain positions, then cell edges). */
  readonly choices: readonly (readonly SpecChoice[])[];
  /** Edge-position permutations induced by the skeleton's automorphisms (identity first). */
  private readonly edgePerms: Int32Array[];
  private readonly chainLength: number;

  constructor(spec: SpaceSpec, id: string) {
    const choices = [
      ...spec.positions.map((p) => p.choices),
      ...(spec.cell?.edges ?? []).map(() => spec.cell!.ops),
    ];
    super(
      choices.map((c) => c.length),
      hasCosts(choices) ? (["cost"] as Capability[]) : [],
    );
    this.id = id;
    this.spec = spec;
    this.choices = choices;
    this.chainLength = spec.positions.length;
    this.edgePerms = spec.cell ? edgeAutomorphisms(spec.cell.nodes, spec.cell.edges, id) : [];
  }

  /** Reads `file` (JSON or YAML) and builds its space, with id `spec:FILE`. */
  static fromFile(file: string): SpecSpace {
    return new SpecSpace(readSpaceSpec(file), `spec:${file}`);
  }

  /** Exact number of isomorphism classes (Burnside's lemma over the skeleton automorphisms). */
  uniqueSize(): bigint {
    if (this.edgePerms.length <= 1) return this.size();
    let chain = 1n;
    for (let i = 0; i < this.chainLength; i++) chain *= BigInt(this.cardinalities[i]);
    const ops = BigInt(this.spec.cell!.ops.length);
    let sum = 0n;
    for (const perm of this.edgePerms) sum += ops ** BigInt(cycles(perm));
    return (chain * sum) / BigInt(this.edgePerms.length);
  }

  override canonical(a: Arch): Arch {
    if (this.edgePerms.length <= 1) return a;
    let best = a;
    const L = this.chainLength;
    for (let p = 1; p < this.edgePerms.length; p++) {
      const perm = this.edgePerms[p];
      const b = a.slice();
      for (let e = 0; e < perm.length; e++) b[L + perm[e]] = a[L + e];
      if (lexLess(b, best, L)) best = b;
    }
    return best;
  }

  override key(a: Arch): number {
    return this.code(this.canonical(a));
  }

  encodingLength(encoding: string): number {
    if (encoding !== "onehot")
      throw new UsageError(`unknown encoding '${encoding}' for ${this.id} (known: onehot)`);
    return this.onehotLength();
  }

  encode(a: Arch, encoding: string, out: Float32Array, offset: number): void {
    this.encodingLength(encoding);
    this.encodeOnehot(a, out, offset);
  }

  /** Choice names joined by commas, positions first, then cell edges. */
  format(a: Arch): string {
    return Array.from(a, (c, i) => this.choices[i][c].name).join(",");
  }

  /** Choice names (or indices) joined by commas. */
  parse(text: string): Arch {
    const s = text.trim();
    const parts = s.split(",").map((p) => p.trim());
    if (parts.length !== this.genotypeLength) {
      throw new ArchitectureError(
        `'${s}' has ${parts.length} positions; ${this.id} has ${this.genotypeLength}`,
      );
    }
    const a = new Uint8Array(parts.length);
    parts.forEach((p, i) => {
      const byName = this.choices[i].findIndex((c) => c.name === p);
      const v = byName >= 0 ? byName : /^\d+$/.test(p) ? Number(p) : -1;
      if (v < 0 || v >= this.cardinalities[i]) {
        const names = this.choices[i].map((c) => c.name).join(", ");
        throw new ArchitectureError(
          `'${s}': ${this.positionName(i)} has no choice '${p}' (choices: ${names})`,
        );
      }
      a[i] = v;
    });
    return a;
  }

  /** The position's name ("layer3", or "edge 0→2" for a cell edge). */
  positionName(i: number): string {
    if (i < this.chainLength) return this.spec.positions[i].name;
    const [u, v] = this.spec.cell!.edges[i - this.chainLength];
    return `edge ${u}→${v}`;
  }

  cost(a: Arch, _dataset?: string): Cost {
    if (!this.capabilities.has("cost"))
      throw new UsageError(`${this.id} gives no flops/params for every choice`);
    return { mflops: this.sum(a, "flops"), mparams: this.sum(a, "params") };
  }

  /** Summed latency (ms), when every choice and the base give one; otherwise undefined. */
  latency(a: Arch): number | undefined {
    const all = this.choices.every((cs) => cs.every((c) => c.latency !== undefined));
    return all ? this.sum(a, "latency") : undefined;
  }

  private sum(a: Arch, term: "flops" | "params" | "latency"): number {
    let s = this.spec.base?.[term] ?? 0;
    for (let i = 0; i < a.length; i++) s += this.choices[i][a[i]][term] ?? 0;
    return s;
  }
}

/** `--space spec:FILE`. */
export function specSpaceFromArg(arg: string | undefined): SpecSpace {
  if (!arg) throw new UsageError("spec needs a file: --space spec:FILE.json (or .yaml)");
  return SpecSpace.fromFile(arg);
}

function hasCosts(choices: readonly (readonly SpecChoice[])[]): boolean {
  return choices.every((cs) => cs.every((c) => c.flops !== undefined && c.params !== undefined));
}

function lexLess(b: Arch, a: Arch, from: number): boolean {
  for (let i = from; i < a.length; i++) if (b[i] !== a[i]) return b[i] < a[i];
  return false;
}

function cycles(perm: Int32Array): number {
  const seen = new Uint8Array(perm.length);
  let c = 0;
  for (let i = 0; i < perm.length; i++) {
    if (seen[i]) continue;
    c++;
    for (let j = i; !seen[j]; j = perm[j]) seen[j] = 1;
  }
  return c;
}

/**
 * Every permutation π of the intermediate nodes (input 0 and output n−1 fixed) with π(E) = E, as the
 * induced permutation of edge positions (edge e = (u,v) goes to the position of (π(u),π(v))). Backtracking
 * assigns π node by node and prunes as soon as an edge between assigned nodes leaves the edge set.
 */
function edgeAutomorphisms(nodes: number, edges: readonly [number, number][], id: string): Int32Array[] {
  const index = new Map(edges.map(([u, v], i) => [u * 16 + v, i]));
  const pi = new Int32Array(nodes).fill(-1);
  pi[0] = 0;
  pi[nodes - 1] = nodes - 1;
  const used = new Uint8Array(nodes);
  used[0] = used[nodes - 1] = 1;
  const out: Int32Array[] = [];
  const consistent = () => edges.every(([u, v]) => pi[u] < 0 || pi[v] < 0 || index.has(pi[u] * 16 + pi[v]));
  const assign = (node: number) => {
    if (node === nodes - 1) {
      out.push(Int32Array.from(edges, ([u, v]) => index.get(pi[u] * 16 + pi[v])!));
      if (out.length > MAX_AUTOMORPHISMS) {
        throw new DataError(
          id.replace(/^spec:/, ""),
          `field 'cell': the skeleton has over ${MAX_AUTOMORPHISMS} symmetries`,
        );
      }
      return;
    }
    for (let t = 1; t < nodes - 1; t++) {
      if (used[t]) continue;
      pi[node] = t;
      used[t] = 1;
      if (consistent()) assign(node + 1);
      used[t] = 0;
      pi[node] = -1;
    }
  };
  assign(1);
  // The identity first, so canonical() can skip it.
  out.sort((x, y) => Number(isIdentity(y)) - Number(isIdentity(x)));
  return out;
}

function isIdentity(p: Int32Array): boolean {
  return p.every((v, i) => v === i);
}
