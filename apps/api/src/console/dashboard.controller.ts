import { ApiSuccess } from '../openapi/success.schemas';
import { Controller, Get, Query } from '@nestjs/common';
import { z } from 'zod';
import { PLATFORMS } from '@scb/contracts';
import { DashboardQueryRepository, type DashboardFilter } from '@scb/persistence';
import { ZodPipe } from '@scb/platform';
import { Roles } from '../auth/roles.decorator';
import { ApiQueryFrom } from '../openapi/zod-openapi.decorators';
import { PageQuerySchema } from '../common/pagination';
import { listEnvelope } from '@scb/contracts';
import { ApiListResponse } from '../openapi/zod-openapi.decorators';
import { ListItems } from '../openapi/list-item.schemas';
import { XReadUsageReader } from './x-read-usage.reader';

const HOUR = 3_600_000;
const FilterFields = z.object({
  platform: z.enum(PLATFORMS).optional(),
  queue: z.string().trim().min(1).max(64).optional(),
  /** ISO times; the default range is the hour up to `to` (default now). */
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
});
type Filter = z.infer<typeof FilterFields>;

/** The range the filter means: `to` defaults to now, `from` to an hour before `to`. */
function range<F extends Filter>(f: F): F & DashboardFilter {
  const to = f.to ?? new Date();
  return { ...f, to, from: f.from ?? new Date(to.getTime() - HOUR) };
}

function checkRange(f: Filter, ctx: z.RefinementCtx): void {
  const { from, to } = range(f);
  if (from >= to) ctx.addIssue({ code: 'custom', path: ['from'], message: 'must be before to' });
  else if (to.getTime() - from.getTime() > 31 * 24 * HOUR)
    ctx.addIssue({ code: 'custom', path: ['from'], message: 'at most 31 days before to' });
}

const MentionsFields = FilterFields.extend(PageQuerySchema.shape).extend({
  outcome: z.enum(['joined', 'new', 'ignored']).optional(),
});
const FilterSchema = FilterFields.superRefine(checkRange);
const MentionsQuerySchema = MentionsFields.superRefine(checkRange);
const QueueQuerySchema = z.object({ queue: z.string().trim().min(1).max(64).optional() });

/** The social team's dashboard: figures over a time range, filtered by platform and queue. */
@Controller('v1/dashboard')
export class DashboardController {
  constructor(
    private readonly dashboard: DashboardQueryRepository,
    private readonly xReads: XReadUsageReader,
  ) {}

  /**
   * Mentions per bucket by platform, joined/new/ignored, sentiment, post→queue p50/p95, SLAs;
   * and `xReads`: X posts read this month per poller against its budget (not filtered).
   */
  @Roles('supervisor', 'agent', 'viewer')
  @ApiQueryFrom(FilterFields)
  @Get('summary')
  @ApiSuccess('DashboardSummary')
  async summary(@Query(new ZodPipe(FilterSchema)) filter: Filter) {
    const [summary, xReads] = await Promise.all([
      this.dashboard.summary(range(filter)),
      this.xReads.current(),
    ]);
    return { ...summary, xReads };
  }

  /** The mention stream's history, newest first, each with its outcome and explanation. */
  @Roles('supervisor', 'agent', 'viewer')
  @ApiQueryFrom(MentionsFields)
  @Get('mentions')
  @ApiListResponse('MentionList', ListItems.Mention)
  async mentions(@Query(new ZodPipe(MentionsQuerySchema)) q: z.infer<typeof MentionsFields>) {
    const { total, items } = await this.dashboard.mentions(range(q), {
      limit: q.limit,
      offset: q.offset,
    });
    return listEnvelope(items, { total, limit: q.limit, offset: q.offset });
  }

  /** Per queue, phone and social side by side: waiting, assigned, oldest waiting, SLAs now. */
  @Roles('supervisor', 'agent', 'viewer')
  @ApiQueryFrom(QueueQuerySchema)
  @Get('queues')
  @ApiListResponse('QueueDepthList', ListItems.QueueDepth, 'queues')
  queues(@Query(new ZodPipe(QueueQuerySchema)) q: z.infer<typeof QueueQuerySchema>) {
    return this.dashboard
      .queueDepths(q.queue)
      .then((queues) => listEnvelope(queues, 'all', 'queues'));
  }
}
