import { Module } from '@nestjs/common';
import type { Clock } from '@scb/core';
import { BrandAccountRepository, Database } from '@scb/persistence';
import { CLOCK } from '@scb/platform';
import { ApiSettings } from '../config/api-settings';
import { BrandAccountLearner } from './brand-account.learner';
import { RepliesController } from './replies.controller';
import { ReplyPlatforms } from './reply-platforms';
import { SendReply } from './usecases/send-reply/send-reply.usecase';

/** Agents' replies to customers, posted on the platform they wrote on (X, Facebook, Instagram). */
@Module({
  controllers: [RepliesController],
  providers: [
    ReplyPlatforms,
    SendReply,
    {
      // The account each sent reply was posted as is the brand's (issue 13): learnt once per kind.
      provide: BrandAccountLearner,
      inject: [Database, CLOCK, ApiSettings],
      useFactory: (db: Database, clock: Clock, settings: ApiSettings) =>
        new BrandAccountLearner(new BrandAccountRepository(db), clock, {
          x: settings.X_USER_ACCESS_TOKEN
            ? { baseUrl: settings.X_API_BASE_URL, userAccessToken: settings.X_USER_ACCESS_TOKEN }
            : null,
          meta: settings.META_PAGE_ACCESS_TOKEN
            ? {
                graphUrl: settings.META_GRAPH_URL,
                pageAccessToken: settings.META_PAGE_ACCESS_TOKEN,
              }
            : null,
        }),
    },
  ],
})
export class RepliesModule {}
