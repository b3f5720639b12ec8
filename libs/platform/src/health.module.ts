import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ServiceMetrics } from '@scb/observability';
import { HealthController } from './health.controller';
import { HealthRegistry } from './health-registry';
import { ProbesController } from './probes.controller';

/**
 * Health, probes and metrics of a service: `/health` (every dependency, as before), `/livez`,
 * `/readyz` and the service's Prometheus registry (served by startService).
 */
@Global()
@Module({
  // Terminus logs failed checks itself; our /readyz answer already carries the reason.
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController, ProbesController],
  providers: [HealthRegistry, { provide: ServiceMetrics, useFactory: () => new ServiceMetrics() }],
  exports: [HealthRegistry, ServiceMetrics],
})
export class HealthModule {}
