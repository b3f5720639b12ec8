import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import { z } from 'zod';
import type { Principal } from '@scb/auth';
import { CLAIM_EVIDENCE_KINDS } from '@scb/cases';
import type { CustomerIdentityRepository } from '@scb/persistence';
import { ZodPipe } from '@scb/platform';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { AdminOnly, Roles } from '../auth/roles.decorator';
import { ApiSuccess } from '../openapi/success.schemas';
import { ApiBodyFrom } from '../openapi/zod-openapi.decorators';
import { AddCustomerIdentifier } from './usecases/add-customer-identifier/add-customer-identifier.usecase';
import { DecideIdentityClaim } from './usecases/decide-identity-claim/decide-identity-claim.usecase';
import { SetIdentityPolicy } from './usecases/set-identity-policy/set-identity-policy.usecase';
import { IDENTITY_POLICY_READER } from './identity-tokens';

/** `PUT /v1/admin/identity-policy` body: the kinds of claim proven at once. */
export const IdentityPolicySchema = z
  .object({
    autoConfirm: z
      .array(z.enum(CLAIM_EVIDENCE_KINDS))
      .max(CLAIM_EVIDENCE_KINDS.length)
      .describe(
        'claims made with these kinds of evidence are proven at once (case-number, email, phone, account, order)',
      ),
  })
  .strict();

const ids = { id: z.uuid(), identityId: z.uuid() };

/** `POST /v1/customers/:id/identities` body: an identifier the customer gave an agent. */
export const AddIdentifierSchema = z
  .object({
    kind: z.enum(['phone', 'email', 'account', 'order']),
    value: z
      .string()
      .trim()
      .min(1)
      .max(256)
      .describe('as given; normalized (E.164, lower-case email)'),
  })
  .strict();

/**
 * The agent's decisions on a customer's claimed identities, and the admin's auto-confirm policy
 * (docs/identity.md).
 */
@Controller('v1')
export class IdentitiesController {
  constructor(
    private readonly decide: DecideIdentityClaim,
    private readonly addIdentifier: AddCustomerIdentifier,
    private readonly setPolicy: SetIdentityPolicy,
    @Inject(IDENTITY_POLICY_READER)
    private readonly policies: Pick<CustomerIdentityRepository, 'policy'>,
  ) {}

  /**
   * Adds an identifier the customer gave (proven, source agent), audited: 201 with it (200 when
   * the customer already had it); 400 invalid value; 403 as for confirm; 404
   * `customer_not_found`; 409 `held_by_another_customer` / `customer_merged`.
   */
  @Roles('agent', 'supervisor')
  @Post('customers/:id/identities')
  @HttpCode(201)
  @ApiSuccess('IdentityAdded', 201)
  @ApiBodyFrom(AddIdentifierSchema, 'AddIdentifierRequest')
  add(
    @CurrentPrincipal() actor: Principal,
    @Param('id', new ZodPipe(ids.id)) customerId: string,
    @Body(new ZodPipe(AddIdentifierSchema)) body: z.infer<typeof AddIdentifierSchema>,
  ) {
    return this.addIdentifier.execute({ customerId, ...body, actor });
  }

  /**
   * Confirms a claimed identity: proven, source agent. 200 with the identity; 403
   * `not_case_holder` / `no_linked_agent`; 404 `customer_not_found` / `identity_not_found`;
   * 409 `already_proven` / `customer_merged`.
   */
  @Roles('agent', 'supervisor')
  @Post('customers/:id/identities/:identityId/confirm')
  @HttpCode(200)
  @ApiSuccess('IdentityDecision')
  confirm(
    @CurrentPrincipal() actor: Principal,
    @Param('id', new ZodPipe(ids.id)) customerId: string,
    @Param('identityId', new ZodPipe(ids.identityId)) identityId: string,
  ) {
    return this.decide.execute({ customerId, identityId, decision: 'confirm', actor });
  }

  /**
   * Detaches a claimed identity: an account becomes a persona of its own and its posts move to
   * a case of their own (queued); a typed number or email is forgotten. Errors as for confirm.
   */
  @Roles('agent', 'supervisor')
  @Post('customers/:id/identities/:identityId/detach')
  @HttpCode(200)
  @ApiSuccess('IdentityDecision')
  detach(
    @CurrentPrincipal() actor: Principal,
    @Param('id', new ZodPipe(ids.id)) customerId: string,
    @Param('identityId', new ZodPipe(ids.identityId)) identityId: string,
  ) {
    return this.decide.execute({ customerId, identityId, decision: 'detach', actor });
  }

  /** The identity policy: which kinds of claim are proven at once. */
  @Roles('supervisor', 'viewer')
  @Get('admin/identity-policy')
  @ApiSuccess('IdentityPolicy')
  policy() {
    return this.policies.policy();
  }

  /** Replaces the identity policy (admin), audited; applies to claims made from now on. */
  @AdminOnly()
  @Put('admin/identity-policy')
  @ApiSuccess('IdentityPolicy')
  @ApiBodyFrom(IdentityPolicySchema, 'IdentityPolicyRequest')
  putPolicy(
    @CurrentPrincipal() actor: Principal,
    @Body(new ZodPipe(IdentityPolicySchema)) body: z.infer<typeof IdentityPolicySchema>,
  ) {
    return this.setPolicy.execute({ policy: body, actor });
  }
}
