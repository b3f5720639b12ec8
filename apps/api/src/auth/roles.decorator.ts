import { SetMetadata } from '@nestjs/common';
import { ROLES, type Role } from '@scb/auth';

export const ROLES_KEY = 'scb:roles';

/**
 * The roles that may call a route (admin always may). Every route declares this or `@Public()`;
 * the guard refuses routes that declare neither.
 */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Any signed-in caller, whatever their role. */
export const AnyRole = () => Roles(...ROLES);

/** Configuration writes, users and API keys: nobody but admin. */
export const AdminOnly = () => Roles();
