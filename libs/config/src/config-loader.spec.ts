import { z } from 'zod';
import { ConfigError, loadConfig } from './config-loader';
import { databaseEnv, kafkaEnv, portEnv } from './env-fragments';

const schema = z.object({ ...databaseEnv, ...kafkaEnv, PORT: portEnv(3000) });

describe('loadConfig', () => {
  it('applies defaults when variables are absent', () => {
    const config = loadConfig(schema, {});
    expect(config.PORT).toBe(3000);
    expect(config.KAFKA_BROKERS).toBe('127.0.0.1:9092');
    expect(config.DB_SCHEMA).toBe('public');
  });

  it('names every malformed variable', () => {
    let error: unknown;
    try {
      loadConfig(schema, { PORT: 'eighty', DATABASE_URL: 'mysql://x', KAFKA_BROKERS: 'nohost' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('PORT');
    expect(message).toContain('DATABASE_URL');
    expect(message).toContain('KAFKA_BROKERS');
  });

  it('rejects a schema name that could inject SQL', () => {
    expect(() => loadConfig(schema, { DB_SCHEMA: 'public; drop table x' })).toThrow(/DB_SCHEMA/);
  });

  it('says when a required variable is missing', () => {
    const required = z.object({ SECRET: z.string() });
    expect(() => loadConfig(required, {})).toThrow(/SECRET: .*\(missing\)/);
  });
});
