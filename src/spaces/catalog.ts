/**
 * What `lissnas spaces` says about each registered space beyond what the space object knows: the files it
 * reads as shipped, and a usage example for spaces that need an argument (`--space NAME:ARG`). A space
 * registered without an entry here is still listed (its files shown as "—").
 */
export interface SpaceDoc {
  /** The benchmark files the space's tables come from, as `lissnas` reads them. */
  reads: string;
  /** For spaces that need an argument: an example `--space` value. */
  usage?: string;
}

export const SPACE_DOCS: Record<string, SpaceDoc> = {
  nb201: {
    reads:
      "CSV with an NB201 arch-string column (NATS-Bench dumps, 12-epoch mini-bench, HELP latency, NASLib flat zero-cost CSV); NASLib zc_nasbench201.json (--task)",
  },
  nb101: {
    reads: "NB101 sample's column-oriented JSON; `lissnas enumerate` cell files (nb101:CELLS)",
    usage: "nb101 | nb101:CELLS | nb101:naszilla",
  },
  macro: { reads: 'NAS-Bench-Macro JSON ({"02012100": {mean_acc, test_acc, params, flops}})' },
  categorical: {
    reads: "CSV whose architecture column holds digit strings or comma-separated choices",
    usage: "categorical:8x3 | categorical:3,3,4",
  },
  spos: { reads: "CSV with a 20-digit (0–3) architecture column; synthetic landscape" },
  fairnas: { reads: "CSV with a 19-digit (0–5) architecture column; synthetic landscape" },
  mobilenet: { reads: "CSV with a 19-digit (0–5) architecture column; synthetic landscape" },
  mnasnet: { reads: "Accel-NASBench anb_dataset.csv as shipped (partial: 5,125 networks)" },
  spec: {
    reads: "a JSON/YAML space spec (schemas/space-spec.schema.json); CSV with comma-separated choice names",
    usage: "spec:examples/spaces/mobilenet-chain.json | spec:examples/spaces/small-cell.yaml",
  },
  darts: { reads: "NASLib zc_nasbench301.json (--task); CSV with NASLib's compact DARTS string" },
  "transnas-micro": { reads: "NASLib zc_transbench101_micro.json (--task)" },
  "transnas-macro": { reads: "NASLib zc_transbench101_macro.json (--task)" },
  nbgraph: {
    reads: "NAS-Bench-Graph CSVs as shipped (hash,link,ops,…)",
    usage: "nbgraph | nbgraph:proteins",
  },
  spikenas: { reads: "SpikeNAS-Bench spikenas_summary.csv as shipped (--where dataset=CIFAR10)" },
};
