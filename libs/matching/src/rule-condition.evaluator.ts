import type { SocialMention } from '@scb/contracts';
import type { ExtractedIdentifiers } from './identifier.extractor';
import type { RuleCondition } from './matching-rule.schema';
import { compileSafePattern } from './safe-pattern';
import { containsPhrase, foldWords } from './text-folding';

/** What a rule can look at: the mention and what is known of its author before deciding. */
export interface RuleSubject {
  mention: SocialMention;
  /** `foldWords(mention.text)`, computed once per mention. */
  foldedText: string;
  identifiers: ExtractedIdentifiers;
  /** Null when the author is not a known customer yet. */
  customerTier: string | null;
  /** Null when no sentiment score is available; a sentiment condition is then false. */
  sentiment: number | null;
  /** The source's language tag, else a detected one; computed on first use. */
  language: () => string | null;
}

export type ConditionPredicate = (subject: RuleSubject) => boolean;

const within = (value: number | null, min?: number, max?: number) =>
  value !== null && (min === undefined || value >= min) && (max === undefined || value <= max);

const lowerSet = (values: string[]) => new Set(values.map((v) => v.toLowerCase()));

/**
 * Single keywords become set lookups against the text's words, phrases stay substring searches:
 * a rule set at its size limit (1,000 rules of 500 keywords) then costs milliseconds per mention
 * instead of most of a second of `includes` over the whole text.
 */
function splitKeywords(values: string[]) {
  const all = values.map(foldWords);
  const folded = all.filter((f) => f.trim().length > 0);
  return {
    words: new Set(folded.filter((f) => !f.trim().includes(' ')).map((f) => f.trim())),
    phrases: folded.filter((f) => f.trim().includes(' ')),
    /** A keyword of punctuation only folds to nothing and is never found in a text. */
    someUnmatchable: folded.length < all.length,
  };
}

// Every rule of a set is evaluated against the same mention in a row: remember its word set.
let lastFolded = '';
let lastWords = new Set<string>();
function wordsOf(foldedText: string): Set<string> {
  if (foldedText !== lastFolded) {
    lastFolded = foldedText;
    lastWords = new Set(foldedText.trim().split(' '));
  }
  return lastWords;
}

/**
 * Turns a validated condition into a predicate once per rule-set version, so keywords are folded
 * and patterns compiled (with RE2) before the hot path rather than per mention.
 */
export function compileCondition(condition: RuleCondition): ConditionPredicate {
  switch (condition.type) {
    case 'all': {
      const parts = condition.conditions.map(compileCondition);
      return (s) => parts.every((p) => p(s));
    }
    case 'any': {
      const parts = condition.conditions.map(compileCondition);
      return (s) => parts.some((p) => p(s));
    }
    case 'not': {
      const inner = compileCondition(condition.condition);
      return (s) => !inner(s);
    }
    case 'textContainsAny': {
      const { words, phrases } = splitKeywords(condition.values);
      return (s) => {
        const inText = wordsOf(s.foldedText);
        for (const w of words) if (inText.has(w)) return true;
        return phrases.some((p) => containsPhrase(s.foldedText, p));
      };
    }
    case 'textContainsAll': {
      const { words, phrases, someUnmatchable } = splitKeywords(condition.values);
      if (someUnmatchable) return () => false;
      return (s) => {
        const inText = wordsOf(s.foldedText);
        for (const w of words) if (!inText.has(w)) return false;
        return phrases.every((p) => containsPhrase(s.foldedText, p));
      };
    }
    case 'textMatches': {
      const pattern = compileSafePattern(condition.pattern, condition.caseSensitive ? '' : 'i');
      return (s) => pattern.test(s.mention.text);
    }
    case 'language': {
      // "en" matches "en-GB": a rule on the language should not miss its regional variants.
      const langs = lowerSet(condition.values);
      return (s) => {
        const lang = s.language()?.toLowerCase() ?? null;
        return lang !== null && (langs.has(lang) || langs.has(lang.split('-')[0]));
      };
    }
    case 'platform': {
      const platforms = new Set<string>(condition.values);
      return (s) => platforms.has(s.mention.platform);
    }
    case 'authorHandle': {
      const handles = new Set(condition.values.map((h) => h.replace(/^@/, '').toLowerCase()));
      return (s) =>
        s.mention.authorHandle !== null &&
        handles.has(s.mention.authorHandle.replace(/^@/, '').toLowerCase());
    }
    case 'authorFollowers':
      return (s) => within(s.mention.authorMetrics.followers, condition.min, condition.max);
    case 'authorVerified':
      return (s) => (s.mention.authorMetrics.verified ?? false) === condition.value;
    case 'customerTier': {
      const tiers = lowerSet(condition.values);
      return (s) => s.customerTier !== null && tiers.has(s.customerTier.toLowerCase());
    }
    case 'sentiment':
      return (s) => within(s.sentiment, condition.min, condition.max);
    case 'isReply':
      return (s) => (s.mention.inReplyToId !== null) === condition.value;
    case 'hasCaseNumber':
      return (s) => s.identifiers.caseNumbers.length > 0 === condition.value;
  }
}
