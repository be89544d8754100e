/** The package version (kept equal to package.json's by test/cli/version.test.ts); stamped into result files. */
export const LISSNAS_VERSION = "0.1.0";
