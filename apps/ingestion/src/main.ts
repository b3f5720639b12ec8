import 'reflect-metadata';
import { loadConfig } from '@scb/config';
import { runMain } from '@scb/platform';
import { startIngestion } from './ingestion.app';
import { IngestionConfigSchema } from './ingestion.config';

runMain(() => startIngestion(loadConfig(IngestionConfigSchema)));
