import { ValidationError } from '@scb/core';
import { RuleSetValidationError } from '@scb/matching';

/**
 * Runs `work`, turning a rule set's `RuleSetValidationError` into a `ValidationError` whose field
 * paths sit under `definition.`, like the request body that carried the rule set.
 */
export async function ruleSetChecked<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof RuleSetValidationError)
      throw new ValidationError(
        error.errors.map((e) => ({ ...e, path: `definition.${e.path}` })),
        'Invalid rule set',
      );
    throw error;
  }
}
