/** A filtered-stream rule as we want it (configuration) and as X holds it (with its id). */
export interface XStreamRuleSpec {
  value: string;
  tag: string;
}

export interface XStreamRule {
  id: string;
  value: string;
  tag?: string;
}

export interface XStreamRuleDiff {
  add: XStreamRuleSpec[];
  /** Ids of rules X holds that configuration no longer asks for. */
  delete: string[];
}

/** Rules with this tag prefix are about a brand account; the stream names it as target account. */
const BRAND_TAG = 'brand:';
const KEYWORD_TAG = 'keyword:';

/** The longest rule X accepts (Pro access; Basic allows 512, and X says so when refusing). */
export const X_STREAM_RULE_MAX_LENGTH = 1_024;

/**
 * The rules configuration asks for: one per brand handle (posts mentioning it, retweets left out:
 * they are not someone talking to the brand) and one per keyword query, in X's rule syntax as
 * given. Tags carry what a matched post is about. A rule asked for twice is kept once.
 */
export function desiredStreamRules(config: {
  handles: string[];
  keywords: string[];
}): XStreamRuleSpec[] {
  const rules = [
    ...config.handles.map((h) => ({ value: `@${h} -is:retweet`, tag: `${BRAND_TAG}${h}` })),
    ...config.keywords.map((k) => ({ value: k, tag: `${KEYWORD_TAG}${k}`.slice(0, 128) })),
  ];
  const byValue = new Map<string, XStreamRuleSpec>();
  for (const rule of rules) if (!byValue.has(rule.value)) byValue.set(rule.value, rule);
  return [...byValue.values()];
}

/**
 * What to change so X holds exactly the desired rules: rules already there with the same value
 * and tag stay (no gap in the stream), stale ones are deleted, missing ones added. A rule whose
 * value is there under another tag is deleted and re-added, since X refuses a duplicate value.
 */
export function diffStreamRules(
  current: XStreamRule[],
  desired: XStreamRuleSpec[],
): XStreamRuleDiff {
  const key = (r: { value: string; tag?: string }) => `${r.value}\u0000${r.tag ?? ''}`;
  const wanted = new Set(desired.map(key));
  const held = new Set(current.map(key));
  return {
    add: desired.filter((r) => !held.has(key(r))),
    delete: current.filter((r) => !wanted.has(key(r))).map((r) => r.id),
  };
}

/** The brand account a streamed post is addressed to, from the tags of the rules it matched. */
export function targetAccountOf(matchingRules: Array<{ tag?: string }>): string | null {
  const brand = matchingRules.find((r) => r.tag?.startsWith(BRAND_TAG));
  return brand?.tag ? brand.tag.slice(BRAND_TAG.length) : null;
}
