/**
 * Whether `x` holds a NaN. Typed arrays and arrays are scanned natively (`includes` compares with
 * SameValueZero, which finds NaN): a one-shot JavaScript loop over a 15,525-row prediction runs mostly
 * before the engine compiles it (issue 17).
 */
export function hasNaN(x: ArrayLike<number>): boolean {
  if (ArrayBuffer.isView(x) || Array.isArray(x)) return (x as Float64Array).includes(Number.NaN);
  for (let i = 0; i < x.length; i++) if (Number.isNaN(x[i])) return true;
  return false;
}
