import { describeErrors, parseWith, type FieldError } from '@scb/contracts';
import { IdentifierExtractor } from './identifier.extractor';
import {
  RuleSetDefinitionSchema,
  type CasePolicy,
  type RuleActions,
  type RuleSetDefinition,
} from './matching-rule.schema';
import {
  compileCondition,
  type ConditionPredicate,
  type RuleSubject,
} from './rule-condition.evaluator';

/** What the rules decided for one mention. */
export interface RuleVerdict {
  /** Ids of the rules whose conditions held, in evaluation order. */
  fired: string[];
  ignore: boolean;
  category: string | null;
  priority: number | null;
  tags: string[];
  alwaysNewCase: boolean;
  doNotReopen: boolean;
}

export class RuleSetValidationError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(`invalid rule set: ${describeErrors(errors)}`);
  }
}

/** Deeper than any rule a person writes; deeper input would exhaust the recursive validator. */
export const MAX_RULE_SET_DEPTH = 64;

/**
 * The first place where the input nests deeper than MAX_RULE_SET_DEPTH, found without recursion,
 * so a hostile body gets a validation error instead of a stack overflow.
 */
function tooDeeplyNested(input: unknown): FieldError | null {
  const stack: Array<{ value: unknown; path: string[] }> = [{ value: input, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (path.length >= MAX_RULE_SET_DEPTH)
      return {
        path: path.slice(0, 4).join('.') || '(root)',
        message: `nested deeper than ${MAX_RULE_SET_DEPTH} levels`,
      };
    for (const [key, child] of Object.entries(value))
      stack.push({ value: child, path: [...path, key] });
  }
  return null;
}

interface CompiledRule {
  id: string;
  holds: ConditionPredicate;
  then: RuleActions;
}

/**
 * One version of the admin's matching configuration, validated and compiled. Rules run in order;
 * the first rule that sets a category or a priority wins it, tags accumulate, and the flags
 * (ignore, always new case, do not reopen) hold if any fired rule sets them.
 */
export class RuleSet {
  readonly extractor: IdentifierExtractor;
  readonly policy: CasePolicy;
  private readonly rules: CompiledRule[];

  private constructor(
    readonly version: number,
    readonly definition: RuleSetDefinition,
  ) {
    this.extractor = new IdentifierExtractor(definition.identifiers);
    this.policy = definition.policy;
    this.rules = definition.rules
      .filter((r) => r.enabled)
      .map((r) => ({ id: r.id, holds: compileCondition(r.when), then: r.then }));
  }

  /** Validates (every error names its field path, e.g. `rules.2.when.pattern`) and compiles. */
  static parse(input: unknown, version: number): RuleSet {
    const tooDeep = tooDeeplyNested(input);
    if (tooDeep) throw new RuleSetValidationError([tooDeep]);
    const parsed = parseWith(RuleSetDefinitionSchema, input);
    if (!parsed.ok) throw new RuleSetValidationError(parsed.errors);
    return new RuleSet(version, parsed.value);
  }

  /** Version 0: no rules, default identifier patterns and policy; used until an admin saves one. */
  static defaults(): RuleSet {
    return RuleSet.parse({}, 0);
  }

  evaluate(subject: RuleSubject): RuleVerdict {
    const verdict: RuleVerdict = {
      fired: [],
      ignore: false,
      category: null,
      priority: null,
      tags: [],
      alwaysNewCase: false,
      doNotReopen: false,
    };
    for (const rule of this.rules) {
      if (!rule.holds(subject)) continue;
      const a = rule.then;
      verdict.fired.push(rule.id);
      verdict.ignore ||= a.ignore;
      verdict.alwaysNewCase ||= a.alwaysNewCase;
      verdict.doNotReopen ||= a.doNotReopen;
      verdict.category ??= a.category ?? null;
      verdict.priority ??= a.priority ?? null;
      for (const tag of a.tags) if (!verdict.tags.includes(tag)) verdict.tags.push(tag);
    }
    return verdict;
  }
}
