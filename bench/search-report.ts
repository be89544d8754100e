/**
 * Prints the Markdown tables of docs/RESULTS.md (search section) from experiment results files: per problem, one row per
 * (space, algorithm), one column per budget with "final mean ± 95 % CI half-width (runs that reached the
 * optimum)", then the queries-to-optimum statistics at the largest budget.
 * Usage: node --import tsx bench/search-report.ts bench/search-grid.results.json [more.results.json…]
 */
import { readFileSync } from "node:fs";
import type { ExperimentCell } from "../src/search/experiment.js";

const num = (x: number | null, d: number) => (x === null || Number.isNaN(x) ? "n/a" : x.toFixed(d));
for (const file of process.argv.slice(2)) {
  const doc = JSON.parse(readFileSync(file, "utf8")) as { config: { runs: number }; cells: ExperimentCell[] };
  const runs = doc.config.runs;
  const problems = [...new Set(doc.cells.map((c) => c.problem))];
  for (const p of problems) {
    const cells = doc.cells.filter((c) => c.problem === p);
    const budgets = cells[0].atBudgets.map((b) => b.budget);
    const s0 = cells[0].summary;
    console.log(
      `\n**${p}** — searched \`${s0.searchMetric}\`, reported \`${s0.reportMetric}\`; optimum ${num(s0.optimum, 4)}` +
        `${s0.reportMetric !== s0.searchMetric ? `, best reported ${num(s0.reportOptimum, 4)}` : ""}; ${runs} runs per cell, seed ${cells[0].seed}\n`,
    );
    console.log(
      `| space | algorithm | ${budgets.map((b) => `${b} queries`).join(" | ")} | mean queries to optimum [95 % CI] | median | reached |`,
    );
    console.log(`|---|---|${budgets.map(() => "---:").join("|")}|---:|---:|---:|`);
    for (const c of cells) {
      const cols = c.atBudgets.map((b) => {
        const half = (b.final.hi - b.final.lo) / 2;
        return `${num(b.final.mean, 3)} ± ${num(Number.isNaN(half) ? 0 : half, 3)} (${b.reached})`;
      });
      const q = c.summary.meanQueriesToOptimum;
      const qo = c.summary.queriesToOptimum;
      console.log(
        `| ${c.space} | ${c.algorithm} | ${cols.join(" | ")} | ` +
          `${q ? `${num(q.mean, 1)} [${num(q.lo, 1)}, ${num(q.hi, 1)}]` : "n/a"} | ${num(qo.median, 1)} | ${qo.reached}/${runs} |`,
      );
    }
  }
}
