import { Module } from '@nestjs/common';
import { AuditLogController } from './audit-log.controller';
import { AuditTrail } from './audit-trail';

/** The audit log (read) and the trail every configuration change is written through. */
@Module({
  controllers: [AuditLogController],
  providers: [AuditTrail],
  exports: [AuditTrail],
})
export class AuditModule {}
