import { Module } from '@nestjs/common';
import { CaseMergeRepository, Database } from '@scb/persistence';
import { AuditModule } from '../audit/audit.module';
import { CaseMergeController } from './case-merge.controller';
import { CaseMerger } from './case-merger';
import { MergeCases } from './usecases/merge-cases/merge-cases.usecase';

/** Case merges: a supervisor's direct merge, and the case half of a customer merge. */
@Module({
  imports: [AuditModule],
  controllers: [CaseMergeController],
  providers: [
    {
      provide: CaseMergeRepository,
      inject: [Database],
      useFactory: (db: Database) => new CaseMergeRepository(db),
    },
    CaseMerger,
    MergeCases,
  ],
  exports: [CaseMerger],
})
export class CaseMergeModule {}
