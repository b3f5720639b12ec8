import { Injectable, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { Role } from '@scb/auth';
import { OWN_AGENT_KEY, type AgentIdLocation } from './own-agent.decorator';
import { IS_PUBLIC_KEY } from './public.decorator';
import { ROLES_KEY } from './roles.decorator';

export interface RouteAccess {
  method: string;
  /** Express-style path, e.g. `/v1/agents/:id/next`. */
  path: string;
  controller: string;
  handler: string;
  isPublic: boolean;
  /** Null when the route declares no roles (and is not public): the guard refuses it. */
  roles: Role[] | null;
  ownAgent: AgentIdLocation | null;
}

const asList = (value: unknown): string[] =>
  Array.isArray(value) ? (value as string[]) : [typeof value === 'string' ? value : ''];
const join = (...parts: string[]) =>
  '/' +
  parts
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/');

/**
 * Every route the Nest app registered, with the access it declares: the data the role-matrix
 * test walks and the OpenAPI document shows.
 */
@Injectable()
export class RouteCatalog {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  routes(): RouteAccess[] {
    const routes: RouteAccess[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const instance = wrapper.instance as object | undefined;
      const metatype = wrapper.metatype;
      if (!instance || !metatype) continue;
      const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
      const prefixes = asList(Reflect.getMetadata(PATH_METADATA, metatype));
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name] as () => unknown;
        const paths: unknown = Reflect.getMetadata(PATH_METADATA, handler);
        if (paths === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        const targets = [handler, metatype as () => unknown];
        const access = {
          controller: metatype.name,
          handler: name,
          isPublic: this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets) ?? false,
          roles: this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets) ?? null,
          ownAgent: this.reflector.get<AgentIdLocation | undefined>(OWN_AGENT_KEY, handler) ?? null,
        };
        for (const prefix of prefixes)
          for (const path of asList(paths))
            routes.push({ method, path: join(prefix, path), ...access });
      }
    }
    return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
  }
}
