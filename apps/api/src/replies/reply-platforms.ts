import { Injectable } from '@nestjs/common';
import { ApiSettings } from '../config/api-settings';
import { MetaReplyClient } from './meta-reply.client';
import { XReplyClient } from './x-reply.client';

/** What posting a reply needs of each platform's client; null when the platform is not configured. */
export interface ReplyChannels {
  x: Pick<XReplyClient, 'reply'> | null;
  meta: Pick<MetaReplyClient, 'reply'> | null;
}

/** The platforms replies can be posted on: a client per platform whose token is configured. */
@Injectable()
export class ReplyPlatforms implements ReplyChannels {
  /** Null without `X_USER_ACCESS_TOKEN`. */
  readonly x: XReplyClient | null;
  /** Null without `META_PAGE_ACCESS_TOKEN`. */
  readonly meta: MetaReplyClient | null;

  constructor(settings: ApiSettings) {
    this.x = settings.X_USER_ACCESS_TOKEN
      ? new XReplyClient({
          baseUrl: settings.X_API_BASE_URL,
          userAccessToken: settings.X_USER_ACCESS_TOKEN,
        })
      : null;
    this.meta = settings.META_PAGE_ACCESS_TOKEN
      ? new MetaReplyClient({
          graphUrl: settings.META_GRAPH_URL,
          pageAccessToken: settings.META_PAGE_ACCESS_TOKEN,
        })
      : null;
  }
}
