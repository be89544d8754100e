/** Shared figure sizes and helpers. */
export const WIDTH = 560;
export const HEIGHT = 300;

/** A number fit for a figure's data (JSON has no NaN/∞): non-finite values become null (drawn as gaps). */
export function finite(x: number | null | undefined): number | null {
  return typeof x === "number" && Number.isFinite(x) ? x : null;
}
