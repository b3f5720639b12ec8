import { Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import { CsrfGuard } from '../http-security/csrf.guard';
import { NotifyTargetRedactionInterceptor } from '../http-security/notify-target-redaction.interceptor';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { ApiSettings } from '../config/api-settings';
import { AuthService } from './auth.service';
import { CredentialCache } from './credential-cache';
import { RedisLoginThrottle } from './redis-login-throttle';
import { RouteCatalog } from './route-catalog';
import { SessionCookie } from './session-cookie';

/**
 * Sign-in, sessions and API keys checked on every request (global guards), and the HTTP security of every route (CSRF guard, redaction of webhook
 * targets in answers).
 */
@Module({
  imports: [DiscoveryModule],
  controllers: [AuthController],
  providers: [
    AuthService,
    {
      provide: CredentialCache,
      useFactory: (settings: ApiSettings) => new CredentialCache(settings.AUTH_CACHE_TTL_MS),
      inject: [ApiSettings],
    },
    RedisLoginThrottle,
    SessionCookie,
    RouteCatalog,
    // Before AuthGuard: a forged request is refused whatever its credential.
    { provide: APP_GUARD, useClass: CsrfGuard },
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_INTERCEPTOR, useClass: NotifyTargetRedactionInterceptor },
  ],
  // CredentialCache: revoking a key or changing a user (admin) forgets what it remembers.
  exports: [RouteCatalog, CredentialCache],
})
export class AuthModule {}
