import { ApiSuccess } from '../openapi/success.schemas';
import {
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
import { MatchingRulesRepository } from '@scb/persistence';
import { ZodPipe } from '@scb/platform';
import type { Principal } from '@scb/auth';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { AdminOnly, Roles } from '../auth/roles.decorator';
import { MatchingDryRunService } from './matching-dry-run.service';
import { PublishMatchingRules } from './usecases/publish-matching-rules/publish-matching-rules.usecase';
import { ApiBodyFrom } from '../openapi/zod-openapi.decorators';

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

/** Matching rules: every POST is a new version, picked up by running matchers within seconds. */
@Controller('v1/admin/matching-rules')
export class MatchingRulesController {
  constructor(
    private readonly rules: MatchingRulesRepository,
    private readonly publishRules: PublishMatchingRules,
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
    const version = await this.publishRules.execute({
      actor,
      definition: body.definition,
      author: body.author,
      note: body.note,
    });
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
    return this.dryRuns.run(body.definition, body.limit);
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
