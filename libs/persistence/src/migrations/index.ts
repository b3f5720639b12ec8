import { InitialSchema1764000000000 } from './1764000000000-initial-schema.migration';
import { MatchingRules1764200000000 } from './1764200000000-matching-rules.migration';

/** Every migration, in order. New migrations are appended here. */
export const MIGRATIONS = [InitialSchema1764000000000, MatchingRules1764200000000];
