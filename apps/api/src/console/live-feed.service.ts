import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import {
  DashboardQueryRepository,
  type CallView,
  type MentionView,
  type NoteView,
  type QueueDepth,
} from '@scb/persistence';
import { ApiSettings } from '../config/api-settings';

export type LiveEvent =
  | { type: 'mention'; data: MentionView }
  | { type: 'call'; data: CallView }
  | { type: 'queues'; data: { queues: QueueDepth[] } }
  /** A note on a held case (its id and case, not its text: the desk reloads the timeline). */
  | { type: 'note'; data: NoteView };

type Listener = (event: LiveEvent) => void;

/** How far back each poll looks again, so a transaction that committed late is not missed. */
const OVERLAP_MS = 10_000;
const BATCH = 500;
/** How long a routed mention is watched for its queue (the router is normally much faster). */
const AWAIT_QUEUE_MS = 60_000;

/**
 * The source of `GET /v1/live`: one poller per api instance, running only while someone listens,
 * reads new mentions (with their decision, customer and queue), notes on held cases and queue
 * depths from Postgres and fans them out to every connected client. A mention is sent again (same id) when its queue
 * becomes known, so clients upsert by id.
 *
 * Postgres rather than a Kafka consumer of `cases.events.v1`: ignored mentions emit no case event,
 * queue changes made here (hand-outs, completions, transfers) never reach Kafka, and what the
 * dashboard shows (explanation, customer, queue) lives in Postgres anyway; a per-instance consumer
 * group from "latest" would also leave a group behind on the broker at every restart.
 */
/** What one run of the poller (first listener to last) remembers. */
interface FeedSession {
  /** When the feed started: what was received before is history, not news. */
  startedAt: number;
  cursor: number;
  /** Ids sent within the overlap window, so a mention is sent once. */
  recent: Map<string, number>;
  /** The same for notes on held cases. */
  noteCursor: number;
  recentNotes: Map<string, number>;
  /** Routed mentions sent before the router queued their case: sent again once it has. */
  awaitingQueue: Map<string, number>;
  /** The same look-back for inbound phone calls (`call` events). */
  callCursor: number;
  recentCalls: Map<string, number>;
  lastQueues: string;
}

@Injectable()
export class LiveFeedService implements OnModuleDestroy {
  private readonly logger = new Logger(LiveFeedService.name);
  private readonly listeners = new Set<Listener>();
  private timer: NodeJS.Timeout | null = null;
  private session: FeedSession | null = null;
  private starting: Promise<FeedSession> | null = null;
  private polling = false;
  private readonly pollMs: number;

  constructor(
    private readonly dashboard: DashboardQueryRepository,
    @Inject(ApiSettings) settings: Pick<ApiSettings, 'LIVE_POLL_MS'>,
  ) {
    this.pollMs = settings.LIVE_POLL_MS;
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  /**
   * Starts polling with the first listener and stops with the last; returns the unsubscribe.
   * Everything received after `ready()` resolves reaches the listener.
   */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    if (!this.timer) {
      this.starting = this.start();
      this.timer = setInterval(() => void this.poll(), this.pollMs);
    }
    const queues = this.session?.lastQueues;
    if (queues) listener({ type: 'queues', data: JSON.parse(queues) as { queues: QueueDepth[] } });
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  onModuleDestroy(): void {
    this.listeners.clear();
    this.stop();
  }

  /** Resolves once the feed has fixed its start: what is received from then on is sent. */
  async ready(): Promise<void> {
    await this.starting;
  }

  private async start(): Promise<FeedSession> {
    const now = (await this.dashboard.now()).getTime();
    return {
      startedAt: now,
      cursor: now,
      recent: new Map(),
      noteCursor: now,
      recentNotes: new Map(),
      awaitingQueue: new Map(),
      callCursor: now,
      recentCalls: new Map(),
      lastQueues: '',
    };
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.session = null;
    this.starting = null;
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      // From "now" when the first client connects: the feed is live, history is on the dashboard.
      const starting = this.starting;
      if (!starting) return;
      const session = await starting;
      if (starting !== this.starting) return;
      this.session = session;
      await this.pollWith(session);
    } catch (error) {
      this.logger.warn({ message: 'live feed poll failed; retrying', error: String(error) });
    } finally {
      this.polling = false;
    }
  }

  private async pollWith(s: FeedSession): Promise<void> {
    const fresh = await this.dashboard.mentionsSince(new Date(s.cursor - OVERLAP_MS), BATCH);
    if (s !== this.session) return;
    for (const mention of fresh) {
      const at = mention.receivedAt.getTime();
      if (s.recent.has(mention.id) || at <= s.startedAt) continue;
      s.recent.set(mention.id, at);
      s.cursor = Math.max(s.cursor, at);
      if (mention.queue === null && mention.outcome !== 'ignored')
        s.awaitingQueue.set(mention.id, Date.now());
      this.emit({ type: 'mention', data: mention });
    }
    for (const [id, at] of s.recent) if (at < s.cursor - OVERLAP_MS) s.recent.delete(id);
    await this.resendQueued(s);
    await this.sendCalls(s);
    await this.pollNotes(s);
    if (s !== this.session) return;
    const queues = JSON.stringify({ queues: await this.dashboard.queueDepths() });
    if (s !== this.session || queues === s.lastQueues) return;
    s.lastQueues = queues;
    this.emit({ type: 'queues', data: JSON.parse(queues) as { queues: QueueDepth[] } });
  }

  private async pollNotes(s: FeedSession): Promise<void> {
    const notes = await this.dashboard.notesSince(new Date(s.noteCursor - OVERLAP_MS), BATCH);
    if (s !== this.session) return;
    for (const note of notes) {
      const at = note.createdAt.getTime();
      if (s.recentNotes.has(note.id) || at <= s.startedAt) continue;
      s.recentNotes.set(note.id, at);
      s.noteCursor = Math.max(s.noteCursor, at);
      this.emit({ type: 'note', data: note });
    }
    for (const [id, at] of s.recentNotes)
      if (at < s.noteCursor - OVERLAP_MS) s.recentNotes.delete(id);
  }

  private async resendQueued(s: FeedSession): Promise<void> {
    const expired = Date.now() - AWAIT_QUEUE_MS;
    for (const [id, since] of s.awaitingQueue) if (since < expired) s.awaitingQueue.delete(id);
    const ids = [...s.awaitingQueue.keys()].slice(0, BATCH);
    for (const mention of await this.dashboard.mentionsByIds(ids)) {
      if (mention.queue === null || s !== this.session) continue;
      s.awaitingQueue.delete(mention.id);
      this.emit({ type: 'mention', data: mention });
    }
  }

  /**
   * New inbound calls, each once (the same look-back as mentions): a call on a case an agent
   * holds is an update on her item, as a post is, and her desk learns of it from this event.
   */
  private async sendCalls(s: FeedSession): Promise<void> {
    const calls = await this.dashboard.callsSince(new Date(s.callCursor - OVERLAP_MS), BATCH);
    if (s !== this.session) return;
    for (const call of calls) {
      const at = call.receivedAt.getTime();
      if (s.recentCalls.has(call.id) || at <= s.startedAt) continue;
      s.recentCalls.set(call.id, at);
      s.callCursor = Math.max(s.callCursor, at);
      this.emit({ type: 'call', data: call });
    }
    for (const [id, at] of s.recentCalls)
      if (at < s.callCursor - OVERLAP_MS) s.recentCalls.delete(id);
  }

  private emit(event: LiveEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
