// A fixed 16-bit code for one history value: what a closed rollup bucket keeps of its min, max and mean.
//
// The codes index one sorted table of representable values, so encoding is monotonic (x ≤ y ⇒ code(x) ≤ code(y))
// and a bucket's min ≤ mean ≤ max still holds after decoding; the minimum of two codes is the code of the minimum.
// The table holds: the gap (code 0, so a zero-filled array is all gaps and needs no fill), zero, every integer
// 1…2047 exactly (counts, backlogs and sequence deltas of a quiet system), a logarithmic grid of positive values
// 1e-6…1e15 one step of 0.1 % apart (so the nearest is within 0.05 %), and with the codes that remain, negative
// values on a coarser grid over the same range (≤ 0.17 %): no metric Switchyard records is negative (rates are
// clamped at zero), so the precision goes to the positive side. Larger magnitudes saturate at the ends.

export const GAP_CODE = 0;

const LOW = 1e-6;
const HIGH = 1e15;
const POSITIVE_STEP = 1.001;
export const EXACT_INTEGERS = 2047;
const CODES = 65_536;

type Table = {
  values: Float64Array;
  positiveLogCodes: Int32Array;
  negativeCount: number;
  negativeStep: number;
};

function buildTable(): Table {
  const logSteps = Math.ceil(Math.log(HIGH / LOW) / Math.log(POSITIVE_STEP));
  const positiveLog = Array.from({ length: logSteps + 1 }, (_, k) => LOW * POSITIVE_STEP ** k);
  const integers = Array.from({ length: EXACT_INTEGERS }, (_, n) => n + 1);
  const positive = [...positiveLog, ...integers].sort((a, b) => a - b);
  const negativeCount = CODES - 2 - positive.length; // gap and zero take one code each
  const negativeStep = (HIGH / LOW) ** (1 / (negativeCount - 1));
  const values = new Float64Array(CODES);
  values[GAP_CODE] = Number.NaN;
  // Most negative first: code 1 is -HIGH, code negativeCount is -LOW.
  for (let k = 0; k < negativeCount; k++) values[negativeCount - k] = -LOW * negativeStep ** k;
  const zero = negativeCount + 1;
  values[zero] = 0;
  const positiveLogCodes = new Int32Array(positiveLog.length);
  let logIndex = 0;
  positive.forEach((v, i) => {
    values[zero + 1 + i] = v;
    if (v === positiveLog[logIndex]) positiveLogCodes[logIndex++] = zero + 1 + i;
  });
  return { values, positiveLogCodes, negativeCount, negativeStep };
}

const TABLE = buildTable();
const VALUES = TABLE.values;
const LAST = CODES - 1;
const LOG_POSITIVE_STEP = Math.log(POSITIVE_STEP);
const LOG_NEGATIVE_STEP = Math.log(TABLE.negativeStep);
const NEGATIVE_COUNT = TABLE.negativeCount; // codes 1…NEGATIVE_COUNT, then zero, then the positives
const ZERO_CODE = NEGATIVE_COUNT + 1;

/** A code near x from the grid's formula. */
function nearbyCode(x: number): number {
  if (x > 0) {
    const k = Math.floor(Math.log(x / LOW) / LOG_POSITIVE_STEP);
    const codes = TABLE.positiveLogCodes;
    return codes[Math.min(Math.max(k, 0), codes.length - 1)]!;
  }
  const k = Math.floor(Math.log(-x / LOW) / LOG_NEGATIVE_STEP);
  return NEGATIVE_COUNT - Math.min(Math.max(k, 0), NEGATIVE_COUNT - 1);
}

/** The code of the representable value nearest to x; NaN is the gap, ±Infinity the ends. */
export function encodeValue(x: number): number {
  if (Number.isNaN(x)) return GAP_CODE;
  if (x === 0) return ZERO_CODE;
  // The grid's formula lands on or next to the nearest entry (an exact integer is among the next few), so a short
  // walk finds the entries either side of x.
  let code = Math.min(Math.max(nearbyCode(x), 1), LAST);
  while (code > 1 && VALUES[code]! > x) code--;
  while (code < LAST && VALUES[code + 1]! <= x) code++;
  if (code < LAST && VALUES[code + 1]! - x < x - VALUES[code]!) code++;
  return code;
}

/** The value a code stands for; NaN for the gap. */
export function decodeValue(code: number): number {
  return VALUES[code]!;
}
