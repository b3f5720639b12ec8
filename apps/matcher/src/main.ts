import 'reflect-metadata';
import { loadConfig } from '@scb/config';
import { runMain } from '@scb/platform';
import { startMatcher } from './matcher.app';
import { MatcherConfigSchema } from './matcher.config';

runMain(() => startMatcher(loadConfig(MatcherConfigSchema)));
