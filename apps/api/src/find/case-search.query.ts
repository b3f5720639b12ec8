import { BadRequestException } from '@nestjs/common';
import { z } from 'zod';
import { CASE_SLA_STATES, InvalidSearch } from '@scb/cases';
import { PageQuerySchema } from '../common/pagination';

/**
 * `GET /v1/cases` query: every filter optional, all of them AND-ed. Phones in any format (read
 * in the matcher's default region), handles with or without `@`, emails and case numbers in any
 * case; `channel`, `sla` and `agentId` look at the case's active work item (channel: the case's
 * origin); `q` is Postgres web-search syntax over post texts and customer names; `sort` lists
 * fields (`-` for descending).
 */
export const CaseListQuerySchema = PageQuerySchema.extend({
  status: z.enum(['open', 'resolved']).optional(),
  q: z.string().trim().min(1).max(200).optional(),
  caseNumber: z
    .string()
    .trim()
    .regex(/^CS-\d{6,}$/i, 'a case number such as CS-000123')
    .optional(),
  customerId: z.uuid().optional(),
  phone: z.string().trim().min(1).max(40).optional(),
  handle: z.string().trim().min(1).max(100).optional(),
  email: z.string().trim().min(3).max(254).optional(),
  crmId: z.string().trim().min(1).max(200).optional(),
  queue: z.string().trim().min(1).max(100).optional(),
  channel: z.enum(['phone', 'social']).optional().describe('the channel the case came in on'),
  sla: z
    .enum(CASE_SLA_STATES)
    .optional()
    .describe(
      'the SLA state of the case’s active work item: ok (no stage reached), atRisk, breached',
    ),
  agentId: z.uuid().optional().describe('the agent the case’s active work item is assigned to'),
  sort: z
    .string()
    .max(100)
    .optional()
    .describe(
      'comma-separated fields, `-` for descending: lastActivityAt (updatedAt), openedAt (createdAt), priority, caseNumber, relevance (with q); default -relevance,-lastActivityAt with q, else -lastActivityAt',
    ),
});
export type CaseListQuery = z.infer<typeof CaseListQuerySchema>;

/** A search the domain refused, as a 400 naming the parameter. */
export function searchProblem(error: unknown): unknown {
  return error instanceof InvalidSearch
    ? new BadRequestException({
        message: 'Validation failed',
        errors: [{ path: error.field, message: error.message }],
      })
    : error;
}
