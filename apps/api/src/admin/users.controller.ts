import { ApiSuccess } from '../openapi/success.schemas';
import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { passwordWeakness, ROLES, type Principal } from '@scb/auth';
import { UserRepository } from '@scb/persistence';
import { ZodPipe } from '@scb/platform';
import { PageQuerySchema } from '../common/pagination';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { AdminOnly } from '../auth/roles.decorator';
import { CreateUser } from './usecases/create-user/create-user.usecase';
import { UpdateUser } from './usecases/update-user/update-user.usecase';
import { ApiBodyFrom, ApiQueryFrom } from '../openapi/zod-openapi.decorators';
import { listEnvelope } from '@scb/contracts';
import { ApiListResponse } from '../openapi/zod-openapi.decorators';
import { ListItems } from '../openapi/list-item.schemas';

/** Length here; strength (zxcvbn, not the email or name) once the account's details are known. */
const PasswordSchema = z.string().min(12, 'at least 12 characters').max(1_024);
const CreateUserSchema = z
  .object({
    email: z.email().max(320),
    displayName: z.string().trim().min(1).max(200),
    role: z.enum(ROLES),
    agentId: z.uuid().nullable().default(null),
    password: PasswordSchema,
  })
  .strict()
  .superRefine((user, ctx) => {
    // A short one is already reported by the field's own check.
    if (user.password.length < 12) return;
    const weakness = passwordWeakness(user.password, [user.email, user.displayName]);
    if (weakness) ctx.addIssue({ code: 'custom', path: ['password'], message: weakness });
  });

const UpdateUserSchema = z
  .object({
    displayName: z.string().trim().min(1).max(200).optional(),
    role: z.enum(ROLES).optional(),
    agentId: z.uuid().nullable().optional(),
    password: PasswordSchema.optional(),
    disabled: z.boolean().optional(),
  })
  .strict();

/** Users of the console; admin only. Passwords are accepted, never returned. */
@Controller('v1/admin/users')
export class UsersController {
  constructor(
    private readonly users: UserRepository,
    private readonly createUsers: CreateUser,
    private readonly updateUsers: UpdateUser,
  ) {}

  @AdminOnly()
  @Get()
  @ApiQueryFrom(PageQuerySchema)
  @ApiListResponse('UserList', ListItems.User)
  async list(@Query(new ZodPipe(PageQuerySchema)) page: z.infer<typeof PageQuerySchema>) {
    const { total, items } = await this.users.list(page);
    return listEnvelope(items, { total, ...page });
  }

  @AdminOnly()
  @Post()
  @ApiSuccess('User', 201)
  @ApiBodyFrom(CreateUserSchema, 'CreateUserRequest')
  create(
    @CurrentPrincipal() actor: Principal,
    @Body(new ZodPipe(CreateUserSchema)) body: z.infer<typeof CreateUserSchema>,
  ) {
    return this.createUsers.execute({ actor, user: body });
  }

  /**
   * A new password, role or `disabled: true` also ends the user's sessions. 400 for a weak
   * password (checked against the user's email and name).
   */
  @AdminOnly()
  @Patch(':id')
  @ApiSuccess('User')
  @ApiBodyFrom(UpdateUserSchema, 'UpdateUserRequest')
  update(
    @CurrentPrincipal() actor: Principal,
    @Param('id', new ZodPipe(z.uuid())) id: string,
    @Body(new ZodPipe(UpdateUserSchema)) body: z.infer<typeof UpdateUserSchema>,
  ) {
    return this.updateUsers.execute({ actor, id, patch: body });
  }
}
