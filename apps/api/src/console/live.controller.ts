import { Controller, type MessageEvent, Sse } from '@nestjs/common';
import { Observable } from 'rxjs';
import { Roles } from '../auth/roles.decorator';
import { ApiSettings } from '../config/api-settings';
import { LiveFeedService } from './live-feed.service';

/**
 * Server-Sent Events: `mention` (a mention with its decision; sent again when its queue is
 * known), `call` (an inbound phone call with its case and the case's work item: its holder and
 * update count when an agent holds it), `queues` (depths per queue and channel, when they change) and `heartbeat` (first when
 * the feed is ready, then to keep proxies from closing an idle stream). Closing the connection
 * unsubscribes.
 */
@Controller('v1/live')
export class LiveController {
  constructor(
    private readonly feed: LiveFeedService,
    private readonly settings: ApiSettings,
  ) {}

  @Roles('supervisor', 'agent', 'viewer')
  @Sse()
  stream(): Observable<MessageEvent> {
    return new Observable<MessageEvent>((subscriber) => {
      const unsubscribe = this.feed.subscribe((event) => subscriber.next(event));
      // The first heartbeat says "from here on you miss nothing": a client loads the history
      // after it and merges, so nothing falls between history and stream.
      this.feed.ready().then(
        () => subscriber.next({ type: 'heartbeat', data: { at: new Date().toISOString() } }),
        (error: unknown) => subscriber.error(error),
      );
      const heartbeat = setInterval(
        () => subscriber.next({ type: 'heartbeat', data: { at: new Date().toISOString() } }),
        this.settings.LIVE_HEARTBEAT_MS,
      );
      return () => {
        clearInterval(heartbeat);
        unsubscribe();
      };
    });
  }
}
