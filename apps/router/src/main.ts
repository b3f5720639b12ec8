import 'reflect-metadata';
import { loadConfig } from '@scb/config';
import { runMain } from '@scb/platform';
import { startRouter } from './router.app';
import { RouterConfigSchema } from './router.config';

runMain(() => startRouter(loadConfig(RouterConfigSchema)));
