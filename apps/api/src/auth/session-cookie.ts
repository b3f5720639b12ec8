import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { ApiSettings } from '../config/api-settings';
import { SESSION_COOKIE } from './credentials';

/**
 * The browser console's session: HttpOnly (no script can read it), SameSite=Strict (no other site
 * can make the browser send it, which is our CSRF defence), Secure behind TLS.
 */
@Injectable()
export class SessionCookie {
  private readonly secure: boolean;

  constructor(@Inject(ApiSettings) settings: Pick<ApiSettings, 'AUTH_COOKIE_SECURE'>) {
    this.secure = settings.AUTH_COOKIE_SECURE;
  }

  set(res: Response, token: string, expiresAt: Date): void {
    res.cookie(SESSION_COOKIE, token, { ...this.options(), expires: expiresAt });
  }

  clear(res: Response): void {
    res.clearCookie(SESSION_COOKIE, this.options());
  }

  private options() {
    return { httpOnly: true, sameSite: 'strict', secure: this.secure, path: '/' } as const;
  }
}
