// Prints the milliseconds one cold load of a table takes in a fresh process (bench/commands.ts), and with
// `--rss` also the process's peak resident memory in bytes (bench/load-memory.ts).
// `node bench/load-table.mjs FILE [SPACE] [--rss]` (SPACE default nb201; needs `npm run build`).
import { loadTable } from "../dist/data/loaders.js";
import { getSpace } from "../dist/spaces/registry.js";

const [file, spec] = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const space = getSpace(spec ?? "nb201");
const t = performance.now();
const table = loadTable(file, space);
const ms = performance.now() - t;
if (process.argv.includes("--rss")) {
  console.log(JSON.stringify({ ms, rows: table.rows, maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
} else {
  console.log(ms);
}
