import { Module } from '@nestjs/common';
import { RepliesController } from './replies.controller';
import { ReplyPlatforms } from './reply-platforms';
import { SendReply } from './usecases/send-reply/send-reply.usecase';

/** Agents' replies to customers, posted on the platform they wrote on (X, Facebook, Instagram). */
@Module({
  controllers: [RepliesController],
  providers: [ReplyPlatforms, SendReply],
})
export class RepliesModule {}
