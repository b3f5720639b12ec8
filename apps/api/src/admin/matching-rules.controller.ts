import { ApiSuccess } from './openapi/success.schemas';
import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  NotFoundException,
  Param,
  Post,
} from '@nestjs/common';
import { z } from 'zod';
import { RuleSetValidationError } from '@scb/matching';
import { MatchingRulesRepository } from '@scb/persistence';
import { ZodPipe } from '@scb/platform';
import type { Principal } from '@scb/auth';
import { AuditTrail } from './audit/audit-trail';
import { CurrentPrincipal } from './auth/current-principal.decorator';
import { AdminOnly, Roles } from './auth/roles.decorator';
import { MatchingDryRunService } from './matching-dry-run.service';
import { ApiBodyFrom } from './openapi/zod-openapi.decorators';

const PublishSchema = z.object({
  /** Defaults to the signed-in caller's name. */
  author: z.string().trim().min(1).max(256).optional(),
  note: z.string().max(1000).default(''),
  /** Validated in full by the rule-set schema; errors come back with their field path. */
  definition: z.unknown(),
});
const DryRunSchema = z
  .object({
    definition: z.unknown(),
    limit: z.number().int().min(1).max(5_000).default(1_000),
  })
  .strict();

/** Rule-set versions are Postgres `integer`s: anything else is a 400, never a database error. */
const VersionSchema = z
  .string()
  .regex(/^[0-9]{1,10}$/, 'a version number (1–2147483647)')
  .transform(Number)
  .pipe(z.number().int().min(1).max(2_147_483_647));

/** A rule set's errors as field-level 400s, under `definition.` like the body that carried it. */
async function validated<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof RuleSetValidationError) {
      throw new BadRequestException({
        message: 'Invalid rule set',
        errors: error.errors.map((e) => ({ ...e, path: `definition.${e.path}` })),
      });
    }
    throw error;
  }
}

/** Matching rules: every POST is a new version, picked up by running matchers within seconds. */
@Controller('v1/admin/matching-rules')
export class MatchingRulesController {
  constructor(
    private readonly rules: MatchingRulesRepository,
    private readonly audit: AuditTrail,
    private readonly dryRuns: MatchingDryRunService,
  ) {}

  @AdminOnly()
  @Post()
  @ApiSuccess('MatchingRulesPublished', 201)
  @ApiBodyFrom(PublishSchema, 'PublishMatchingRulesRequest')
  async publish(
    @CurrentPrincipal() actor: Principal,
    @Body(new ZodPipe(PublishSchema)) body: z.infer<typeof PublishSchema>,
  ) {
    // Validated and compiled in a worker thread within the budget (issue #14.3).
    const normalized = await validated(() => this.dryRuns.validate(body.definition));
    const version = await validated(() =>
      this.audit.change(actor, { entity: 'matching_rules', action: 'publish' }, async (tx) => {
        const saved = await this.rules.publishValidated(
          normalized,
          body.author ?? actor.name,
          body.note,
          tx,
        );
        const [before, after] = await Promise.all([
          this.rules.get(saved - 1, tx),
          this.rules.get(saved, tx),
        ]);
        return { result: saved, entityId: String(saved), before, after };
      }),
    );
    return { version };
  }

  /**
   * The draft and the rules in force over the last `limit` stored mentions: per mention whose
   * outcome would change, before → after, with counts. Nothing is saved.
   */
  @Roles('supervisor')
  @ApiBodyFrom(DryRunSchema, 'MatchingDryRunRequest')
  @Post('dry-run')
  @ApiSuccess('MatchingDryRun')
  @HttpCode(HttpStatus.OK)
  dryRun(@Body(new ZodPipe(DryRunSchema)) body: z.infer<typeof DryRunSchema>) {
    return validated(() => this.dryRuns.run(body.definition, body.limit));
  }

  @Roles('supervisor', 'viewer')
  @Get('latest')
  @ApiSuccess('MatchingRuleSet')
  async latest() {
    return this.version(await this.rules.latestVersion());
  }

  @Roles('supervisor', 'viewer')
  @Get(':version')
  @ApiSuccess('MatchingRuleSet')
  async version(@Param('version', new ZodPipe(VersionSchema)) version: number) {
    const stored = await this.rules.get(version);
    if (!stored) throw new NotFoundException(`no matching rule set version ${version}`);
    return stored;
  }
}
