import {
  Global,
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { systemClock } from '@scb/core';
import { createDataSource, Database, type DatabaseOptions } from '@scb/persistence';
import { HealthRegistry } from './health-registry';
import { CLOCK, DATA_SOURCE, UNIT_OF_WORK } from './tokens';

@Injectable()
class DatabaseLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly health: HealthRegistry,
  ) {}

  onModuleInit(): void {
    this.health.register('postgres', async () => {
      await this.dataSource.query('SELECT 1');
    });
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/**
 * One pooled TypeORM DataSource per process, connected before the app starts; the `Database`
 * (unit of work and typed SQL) over it, also as `UNIT_OF_WORK`; and the system `CLOCK`.
 */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseOptions): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: DATA_SOURCE, useFactory: async () => createDataSource(options).initialize() },
        {
          provide: Database,
          inject: [DATA_SOURCE],
          useFactory: (dataSource: DataSource) => new Database(dataSource),
        },
        { provide: UNIT_OF_WORK, useExisting: Database },
        { provide: CLOCK, useValue: systemClock },
        DatabaseLifecycle,
      ],
      exports: [DATA_SOURCE, Database, UNIT_OF_WORK, CLOCK],
    };
  }
}
