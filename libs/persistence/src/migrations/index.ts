import { InitialSchema1764000000000 } from './1764000000000-initial-schema.migration';
import { IngestionCheckpoints1764100000000 } from './1764100000000-ingestion-checkpoints.migration';

/** Every migration, in order. New migrations are appended here. */
export const MIGRATIONS = [InitialSchema1764000000000, IngestionCheckpoints1764100000000];
