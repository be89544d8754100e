import type { Feasibility } from "../data/constraints.js";
import type { SearchSpace } from "../spaces/space.js";
import { MemberSet } from "./member-set.js";

/** What a shrinker learnt from its queries: integer keys and values (NaN: found infeasible or failed). */
export interface QueriedValues {
  keys: ArrayLike<number>;
  values: ArrayLike<number>;
}

/** How many members a shrunk space keeps under paid constraints, and what is known of their feasibility. */
export interface PaidReport {
  constraints: string[];
  cheap: readonly string[];
  /** Queries that found an architecture infeasible (charged, then dropped from every shrunk space). */
  infeasibleQueries: number;
  /** Members kept. */
  members: number;
  /** Kept members that satisfy every constraint (the evaluator's truth, reporting only). */
  membersFeasibleTruth: number;
  note: string;
}

/** The keys of the architectures a shrinker's queries found infeasible (NaN values, `chargePaid`). */
export function infeasibleKeys(queried: QueriedValues): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i < queried.values.length; i++) {
    if (Number.isNaN(queried.values[i])) out.add(queried.keys[i]);
  }
  return out;
}

/**
 * A shrunk space under paid constraints (issue #15), the one rule shared by `shrink` and `compare`: `kept`
 * drops every member whose query found it infeasible (a NaN value, `chargePaid`); unqueried members stay —
 * their paid constraint values are unknown until a search queries (and is charged for) them. `measured`
 * (reporting only, like the log's true values) is the kept members that are feasible, what the quality
 * metrics measure against the feasible original space. `shrunk` itself is returned when nothing is dropped.
 */
export function keptFeasible<S extends SearchSpace>(
  space: SearchSpace,
  shrunk: S,
  infeasible: ReadonlySet<number>,
  feasibility: Feasibility,
): { kept: S | MemberSet; measured: S | MemberSet; report: PaidReport } {
  const all = [...shrunk.enumerate!()];
  const members = all.filter((a) => !infeasible.has(space.key(a)));
  // a member set is rebuilt whenever something was found infeasible (shrink's bytes); a product space only
  // when it lost members (it keeps its own structure otherwise)
  const rebuild = infeasible.size > 0 && (shrunk instanceof MemberSet || members.length < all.length);
  const kept = rebuild ? MemberSet.from(space, members) : shrunk;
  const feasible = members.filter((a) => feasibility.test(a));
  const measured = feasible.length === members.length ? kept : MemberSet.from(space, feasible);
  const report: PaidReport = {
    constraints: feasibility.constraints.map((c) => c.text),
    cheap: feasibility.cheapColumns,
    infeasibleQueries: infeasible.size,
    members: members.length,
    membersFeasibleTruth: feasible.length,
    note: "infeasible queries are charged and dropped; metrics are over the feasible members (reporting only)",
  };
  return { kept, measured, report };
}
