// Prints the milliseconds one cold load of an NB201 table takes in a fresh process (bench/commands.ts).
import { loadTable } from "../dist/data/loaders.js";
import { nb201 } from "../dist/spaces/nb201/space.js";

const t = performance.now();
loadTable(process.argv[2], nb201);
console.log(performance.now() - t);
