import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import type { Response } from 'express';
import { HealthRegistry, type HealthReport } from './health-registry';
import { Public } from './public.decorator';

@Controller('health')
export class HealthController {
  constructor(private readonly registry: HealthRegistry) {}

  /** 200 when every dependency answers, 503 otherwise, with the details either way. */
  @Public()
  @Get()
  async health(@Res({ passthrough: true }) res: Response): Promise<HealthReport> {
    const report = await this.registry.report();
    res.status(report.status === 'ok' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return report;
  }
}
