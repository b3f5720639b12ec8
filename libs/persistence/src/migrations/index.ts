import { InitialSchema1764000000000 } from './1764000000000-initial-schema.migration';
import { IngestionCheckpoints1764100000000 } from './1764100000000-ingestion-checkpoints.migration';
import { MatchingRules1764200000000 } from './1764200000000-matching-rules.migration';
import { AgentsAndRouting1764300000000 } from './1764300000000-agents-and-routing.migration';
import { CustomerPersonas1764600000000 } from './1764600000000-customer-personas.migration';

/** Every migration, in order. New migrations are appended here. */
export const MIGRATIONS = [
  InitialSchema1764000000000,
  IngestionCheckpoints1764100000000,
  MatchingRules1764200000000,
  AgentsAndRouting1764300000000,
  CustomerPersonas1764600000000,
];
