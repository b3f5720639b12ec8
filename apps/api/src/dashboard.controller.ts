import { Controller, Get, Query } from '@nestjs/common';
import { z } from 'zod';
import { PLATFORMS } from '@scb/contracts';
import { DashboardQueryRepository } from '@scb/persistence';
import { ZodPipe } from '@scb/platform';
import { Roles } from './auth/roles.decorator';
import { PageQuerySchema } from './pagination';

const HOUR = 3_600_000;
const FilterSchema = z
  .object({
    platform: z.enum(PLATFORMS).optional(),
    queue: z.string().trim().min(1).max(64).optional(),
    /** ISO times; the default range is the last hour. */
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
  })
  .transform((f) => {
    const to = f.to ?? new Date();
    return { ...f, to, from: f.from ?? new Date(to.getTime() - HOUR) };
  })
  .refine((f) => f.from < f.to, { message: 'from must be before to', path: ['from'] })
  .refine((f) => f.to.getTime() - f.from.getTime() <= 31 * 24 * HOUR, {
    message: 'at most 31 days',
    path: ['from'],
  });
const MentionsQuerySchema = z
  .object({ outcome: z.enum(['joined', 'new', 'ignored']).optional() })
  .and(PageQuerySchema)
  .and(FilterSchema);
const QueueQuerySchema = z.object({ queue: z.string().trim().min(1).max(64).optional() });

/** The social team's dashboard: figures over a time range, filtered by platform and queue. */
@Controller('v1/dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardQueryRepository) {}

  /** Mentions per bucket by platform, joined/new/ignored, sentiment, post→queue p50/p95, SLAs. */
  @Roles('supervisor', 'agent', 'viewer')
  @Get('summary')
  summary(@Query(new ZodPipe(FilterSchema)) filter: z.infer<typeof FilterSchema>) {
    return this.dashboard.summary(filter);
  }

  /** The mention stream's history, newest first, each with its outcome and explanation. */
  @Roles('supervisor', 'agent', 'viewer')
  @Get('mentions')
  mentions(@Query(new ZodPipe(MentionsQuerySchema)) q: z.infer<typeof MentionsQuerySchema>) {
    return this.dashboard.mentions(q, { limit: q.limit, offset: q.offset });
  }

  /** Per queue, phone and social side by side: waiting, assigned, oldest waiting, SLAs now. */
  @Roles('supervisor', 'agent', 'viewer')
  @Get('queues')
  queues(@Query(new ZodPipe(QueueQuerySchema)) q: z.infer<typeof QueueQuerySchema>) {
    return this.dashboard.queueDepths(q.queue).then((queues) => ({ queues }));
  }
}
