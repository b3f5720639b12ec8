import { z } from 'zod';

const PRIORITY_KEYS = ['1', '2', '3', '4', '5'] as const;

export const SlaTargetSchema = z
  .object({
    firstResponseSeconds: z
      .number()
      .int()
      .min(1)
      .max(90 * 86_400),
    resolutionSeconds: z
      .number()
      .int()
      .min(1)
      .max(365 * 86_400),
  })
  .strict();

const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM (24 h)');

/** When the clock runs: the same weekly hours every week, in one fixed UTC offset. */
export const BusinessHoursSchema = z
  .object({
    /** ISO weekdays, 1 = Monday … 7 = Sunday. */
    days: z.array(z.number().int().min(1).max(7)).min(1).max(7),
    start: TimeOfDay,
    end: TimeOfDay,
    utcOffsetMinutes: z
      .number()
      .int()
      .min(-14 * 60)
      .max(14 * 60)
      .default(0),
  })
  .strict()
  .refine((h) => h.start < h.end, { message: 'start must be before end', path: ['end'] });

/**
 * Who is told of a breach: an http(s) URL gets a signed webhook (Slack/Teams/pager bridges accept
 * its `text`), a plain name is an in-app supervisor group shown on the dashboards.
 */
export const NotifyTargetSchema = z
  .string()
  .trim()
  .min(1)
  .max(500)
  .refine((t) => notifyChannel(t) !== null, {
    message: 'must be an http(s) URL or a group name of letters, digits, ".", "_" and "-"',
  });

export type NotifyChannel = 'webhook' | 'in-app';

/** How a notify target is delivered, or null when it is neither a URL nor a valid group name. */
export function notifyChannel(target: string): NotifyChannel | null {
  if (/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(target)) return 'in-app';
  try {
    const { protocol, hostname } = new URL(target);
    return (protocol === 'https:' || protocol === 'http:') && hostname ? 'webhook' : null;
  } catch {
    return null;
  }
}

/** A queue's SLA policy: targets per priority, the at-risk threshold and what a breach does. */
export const SlaPolicySchema = z
  .object({
    targets: z.partialRecord(z.enum(PRIORITY_KEYS), SlaTargetSchema).default({}),
    atRiskPercent: z.number().int().min(1).max(99).default(80),
    businessHours: BusinessHoursSchema.optional(),
    escalation: z
      .object({
        raisePriority: z.boolean().default(true),
        toQueue: z.string().trim().min(1).max(64).optional(),
        notify: z.array(NotifyTargetSchema).max(20).default([]),
      })
      .strict()
      .default({ raisePriority: true, notify: [] }),
  })
  .strict();

export type SlaPolicy = z.infer<typeof SlaPolicySchema>;
export type SlaKind = 'firstResponse' | 'resolution';
export type SlaStage = 'atRisk' | 'breached';

export interface SlaTimer {
  kind: SlaKind;
  stage: SlaStage;
  dueAt: Date;
}

export interface SlaSchedule {
  firstResponseDueAt: Date;
  resolutionDueAt: Date;
  timers: SlaTimer[];
}

/** The due times and the four timers (at risk, breached; first response, resolution), or null when the queue sets no target for this priority. */
export function slaSchedule(
  policy: SlaPolicy,
  priority: number,
  startAt: Date,
): SlaSchedule | null {
  const target = policy.targets[String(priority) as (typeof PRIORITY_KEYS)[number]];
  if (!target) return null;
  const at = (seconds: number) => addWorkingSeconds(startAt, seconds, policy.businessHours);
  const timers: SlaTimer[] = [];
  for (const [kind, seconds] of [
    ['firstResponse', target.firstResponseSeconds],
    ['resolution', target.resolutionSeconds],
  ] as const) {
    timers.push({
      kind,
      stage: 'atRisk',
      dueAt: at(Math.floor((seconds * policy.atRiskPercent) / 100)),
    });
    timers.push({ kind, stage: 'breached', dueAt: at(seconds) });
  }
  return {
    firstResponseDueAt: at(target.firstResponseSeconds),
    resolutionDueAt: at(target.resolutionSeconds),
    timers,
  };
}

/** What a breach does: one step more urgent, and/or another queue, and who is told. */
export function escalation(
  policy: SlaPolicy,
  priority: number,
): { priority: number; toQueue: string | null; notify: string[] } {
  return {
    priority: policy.escalation.raisePriority ? Math.max(1, priority - 1) : priority,
    toQueue: policy.escalation.toQueue ?? null,
    notify: policy.escalation.notify,
  };
}

const MINUTE = 60_000;
const DAY = 1_440;

/** `start` plus `seconds` of working time; without business hours, plain wall-clock time. */
export function addWorkingSeconds(
  start: Date,
  seconds: number,
  hours: z.infer<typeof BusinessHoursSchema> | undefined,
): Date {
  if (!hours) return new Date(start.getTime() + seconds * 1000);
  const offset = hours.utcOffsetMinutes * MINUTE;
  const [open, close] = [hours.start, hours.end].map(
    (t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3)),
  );
  let local = start.getTime() + offset;
  let remaining = seconds * 1000;
  // Walk day by day: at most one week passes without working time, so this ends quickly.
  for (let guard = 0; guard < 3_700; guard += 1) {
    const dayStart = Math.floor(local / (DAY * MINUTE)) * DAY * MINUTE;
    const weekday = ((Math.floor(local / (DAY * MINUTE)) + 3) % 7) + 1; // 1970-01-01 was a Thursday
    const windowStart = dayStart + open * MINUTE;
    const windowEnd = dayStart + close * MINUTE;
    if (hours.days.includes(weekday) && local < windowEnd) {
      const from = Math.max(local, windowStart);
      if (from + remaining <= windowEnd) return new Date(from + remaining - offset);
      remaining -= windowEnd - from;
    }
    local = dayStart + DAY * MINUTE;
  }
  throw new Error('business hours never open');
}

const NO_SLA_POLICY: SlaPolicy = SlaPolicySchema.parse({});

/**
 * The SLA schedule of an item waiting in `queue` at `priority` since `startAt`, under that
 * queue's policy in `queues` (a queue not listed has no targets); null when no target applies.
 */
export function queueSlaSchedule(
  queues: ReadonlyArray<{ name: string; sla?: SlaPolicy }>,
  item: { queue: string; priority: number },
  startAt: Date,
): SlaSchedule | null {
  const policy = queues.find((q) => q.name === item.queue)?.sla ?? NO_SLA_POLICY;
  return slaSchedule(policy, item.priority, startAt);
}
