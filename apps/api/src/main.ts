import 'reflect-metadata';
import { loadConfig } from '@scb/config';
import { runMain } from '@scb/platform';
import { startApi } from './api.app';
import { ApiConfigSchema } from './api.config';

runMain(() => startApi(loadConfig(ApiConfigSchema)));
