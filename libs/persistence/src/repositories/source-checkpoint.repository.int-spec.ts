import type { DataSource } from 'typeorm';
import { freshDatabase, isolatedEnv } from '@scb/testing';
import { Database } from '../database';
import { SourceCheckpointRepository } from './source-checkpoint.repository';

describe('SourceCheckpointRepository on the real Postgres', () => {
  const env = isolatedEnv('checkpoint');
  let dataSource: DataSource;
  let drop: () => Promise<void>;
  let repository: SourceCheckpointRepository;

  beforeAll(async () => {
    ({ dataSource, drop } = await freshDatabase(env.DB_SCHEMA));
    repository = new SourceCheckpointRepository(new Database(dataSource));
  });

  afterAll(async () => drop());

  it('has no checkpoint for a new source', async () => {
    expect(await repository.load('x-mentions:1')).toBeNull();
  });

  it('keeps 64-bit ids exactly and only moves forward', async () => {
    await repository.save('x-mentions:1', '1460323737035677698');
    await repository.save('x-mentions:1', '1460323737035677699');
    await repository.save('x-mentions:1', '999');
    expect(await repository.load('x-mentions:1')).toBe('1460323737035677699');
    expect(await repository.load('x-search:other')).toBeNull();
  });
});
