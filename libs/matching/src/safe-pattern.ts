import RE2 from 're2';
import { patternCostIssue } from './pattern-cost';

/** A compiled admin pattern. RE2 runs in time linear in the input, so no pattern can hang us. */
export type SafePattern = RE2;

export const MAX_PATTERN_LENGTH = 500;

/**
 * Compiles an admin-supplied pattern with RE2, after bounding its compiled size (see
 * pattern-cost: repeat counts, estimated program size). Features that need backtracking (back-references,
 * look-around) are not supported by RE2 and are rejected here with its reason.
 */
export function compileSafePattern(source: string, flags = ''): SafePattern {
  if (source.length > MAX_PATTERN_LENGTH) {
    throw new Error(`pattern is longer than ${MAX_PATTERN_LENGTH} characters`);
  }
  const costIssue = patternCostIssue(source);
  if (costIssue) throw new Error(costIssue);
  try {
    return new RE2(source, flags);
  } catch (error) {
    throw new Error(`not a valid linear-time (RE2) pattern: ${(error as Error).message}`);
  }
}

/** Zod refinement body: adds an issue at the field's path when the pattern does not compile. */
export function patternIssue(source: string): string | null {
  try {
    compileSafePattern(source);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
