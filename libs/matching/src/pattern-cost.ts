/**
 * Bounds on admin patterns. RE2 matches in linear time, but its compile time and the size of
 * its program grow with counted repeats (`\pL{1000}` is a thousand copies of a Unicode class),
 * and the matcher runs every pattern on every mention: 300 × `\pL{1000}` blocked the api for
 * 16 s, `.{0,1000}x` cost ~145 ms per long mention. node-re2 does not expose RE2's program
 * size, so it is estimated from the source the way RE2 expands it (a counted repeat copies its
 * operand; https://github.com/google/re2/wiki/Syntax).
 */
export const MAX_REPEAT = 100;
/** Estimated program size of one pattern (roughly RE2 instructions). */
export const MAX_PATTERN_COST = 2_000;
/** A character class, `.`, `\w`... compiles to several instructions (UTF-8 ranges). */
const CLASS_COST = 10;
/** A Unicode property (`\pL`, `\p{Greek}`) is hundreds of UTF-8 ranges (measured: ~40 ms per `\pL{10}`). */
const PROPERTY_COST = 200;

interface Sequence {
  total: number;
  last: number;
}

/**
 * The estimated program size of `source`, or `Infinity` when a counted repeat exceeds
 * {@link MAX_REPEAT}. Never throws: a malformed pattern is RE2's to refuse.
 */
export function patternCost(source: string): number {
  const stack: Sequence[] = [{ total: 0, last: 0 }];
  const top = () => stack[stack.length - 1];
  const atom = (cost: number) => {
    top().total += cost;
    top().last = cost;
  };
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if ((next === 'p' || next === 'P') && source[i + 2] === '{') {
        const end = source.indexOf('}', i + 3);
        i = end < 0 ? source.length : end + 1;
        atom(PROPERTY_COST);
      } else if (next === 'p' || next === 'P') {
        i += 3;
        atom(PROPERTY_COST);
      } else if (next === 'x' && source[i + 2] === '{') {
        const end = source.indexOf('}', i + 3);
        i = end < 0 ? source.length : end + 1;
        atom(1);
      } else {
        i += 2;
        atom('dDwWsS'.includes(next) ? CLASS_COST : 1);
      }
    } else if (c === '[') {
      let j = i + 1;
      if (source[j] === '^') j += 1;
      if (source[j] === ']') j += 1;
      while (j < source.length && source[j] !== ']') {
        if (source[j] === '\\') j += 1;
        else if (source[j] === '[' && source[j + 1] === ':') {
          const end = source.indexOf(':]', j + 2);
          if (end > 0) j = end + 1;
        }
        j += 1;
      }
      i = j + 1;
      atom(CLASS_COST);
    } else if (c === '(') {
      i += 1;
      if (source[i] === '?') {
        let j = i + 1;
        if (source[j] === 'P' && source[j + 1] === '<') j = Math.max(source.indexOf('>', j), j);
        while (j < source.length && /[A-Za-z-]/.test(source[j])) j += 1;
        if (source[j] === ')') {
          i = j + 1; // flags only, such as (?i): no group
          continue;
        }
        i = j + 1;
      }
      stack.push({ total: 0, last: 0 });
    } else if (c === ')') {
      i += 1;
      if (stack.length > 1) atom((stack.pop() as Sequence).total + 1);
    } else if (c === '{') {
      const counted = /^\{(\d+)(?:,(\d*))?\}/.exec(source.slice(i, i + 24));
      if (!counted) {
        atom(1);
        i += 1;
        continue;
      }
      const min = Number(counted[1]);
      const max = counted[2] === undefined || counted[2] === '' ? min : Number(counted[2]);
      const count = Math.max(min, max);
      if (count > MAX_REPEAT) return Infinity;
      const sequence = top();
      sequence.total += sequence.last * (Math.max(count, 1) - 1);
      sequence.last *= Math.max(count, 1);
      i += counted[0].length;
    } else if (c === '|') {
      top().last = 0;
      i += 1;
    } else if (c === '*' || c === '+' || c === '?') {
      i += 1;
    } else {
      atom(c === '.' ? CLASS_COST : 1);
      i += 1;
    }
  }
  return stack.reduce((sum, s) => sum + s.total, 0);
}

/** Why the pattern is too costly to run on every mention, or null. */
export function patternCostIssue(source: string): string | null {
  const cost = patternCost(source);
  if (cost === Infinity) return `repeat counts are limited to {${MAX_REPEAT}}`;
  if (cost > MAX_PATTERN_COST)
    return `pattern too large once compiled (about ${cost} instructions, at most ${MAX_PATTERN_COST}): use fewer or smaller counted repeats`;
  return null;
}
