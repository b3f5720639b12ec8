import { mentionKey, type CaseEvent, type SocialMention } from '@scb/contracts';
import {
  postKey,
  type CaseCandidate,
  type IdentityRow,
  type LearntIdentifierRow,
  type InteractionRow,
  type MatchingSnapshot,
  type OpenedCaseRow,
  type PersonaRow,
  type StoredCase,
} from '@scb/matching';
import type { MentionCaseRepository } from '@scb/persistence';
import { aMatchingSnapshot } from '../builders/matching.builder';

interface FakeCase extends StoredCase {
  customerId: string;
}

/**
 * `MentionCaseRepository` in memory, for unit specs of the matcher's use case: it stores what it
 * is given and builds snapshots from it (identities on file, each customer's latest case, cases
 * holding a post). No transactions: `refuse` and `failNextRead` throw before anything is written,
 * as Postgres would leave nothing behind after a rollback.
 */
export class InMemoryMentionCases implements Pick<
  MentionCaseRepository,
  keyof MentionCaseRepository
> {
  readonly personas: PersonaRow[] = [];
  readonly identities: IdentityRow[] = [];
  readonly cases = new Map<string, FakeCase>();
  readonly interactions: InteractionRow[] = [];
  readonly outbox: Array<{ event: CaseEvent; traceparent: string | null }> = [];
  readonly locks: string[][] = [];
  private readonly refused = new Map<string, Error>();
  private failure: Error | null = null;
  private caseNumbers = 0;

  /** Makes a unit holding the post `platform:externalId` fail with `error` (a poison mention). */
  refuse(mention: SocialMention, error: Error): void {
    this.refused.set(postKey(mention.platform, mention.externalId), error);
  }

  /** Makes the next unit fail with `error` on its first read (e.g. a lost connection). */
  failNextRead(error: Error): void {
    this.failure = error;
  }

  async lockAuthors(keys: string[]): Promise<void> {
    this.locks.push(keys);
  }

  async storedPosts(mentions: SocialMention[]): Promise<Set<string>> {
    const failure = this.failure;
    this.failure = null;
    if (failure) throw failure;
    for (const m of mentions) {
      const refused = this.refused.get(postKey(m.platform, m.externalId));
      if (refused) throw refused;
    }
    const stored = new Set(this.interactions.map((i) => postKey(i.platform, i.external_id)));
    return new Set(
      mentions.map((m) => postKey(m.platform, m.externalId)).filter((k) => stored.has(k)),
    );
  }

  async loadSnapshot(mentions: SocialMention[]): Promise<MatchingSnapshot> {
    const customerByAuthor = new Map(
      this.identities.map((i) => [`${i.platform}:${i.externalUserId}`, i.customerId]),
    );
    const authors = new Set(mentions.map(mentionKey));
    const casesByCustomer = new Map<string, CaseCandidate[]>();
    for (const c of this.cases.values()) casesByCustomer.set(c.customerId, [this.candidate(c)]);
    const caseByPost = new Map<string, CaseCandidate>();
    for (const i of this.interactions) {
      const c = i.case_id ? this.cases.get(i.case_id) : undefined;
      if (c) caseByPost.set(postKey(i.platform, i.external_id), this.candidate(c));
    }
    return aMatchingSnapshot({
      customerByAuthor: new Map([...customerByAuthor].filter(([author]) => authors.has(author))),
      casesByCustomer,
      caseByPost,
      personas: new Set(this.personas.map((p) => p.customerId)),
    });
  }

  async insertPersonasAndIdentities(
    personas: PersonaRow[],
    identities: IdentityRow[],
  ): Promise<void> {
    this.personas.push(...personas);
    this.identities.push(...identities);
  }

  /** Handle-only CRM accounts are a Postgres concern (see the int-specs): nothing to bind here. */
  async bindPendingHandles(): Promise<void> {}

  /** Identifiers the authors typed (claims): kept for assertions. */
  readonly learntIdentifiers: LearntIdentifierRow[] = [];

  async insertIdentifiers(learnt: LearntIdentifierRow[]): Promise<void> {
    this.learntIdentifiers.push(...learnt);
  }

  async insertCases(opened: OpenedCaseRow[]): Promise<StoredCase[]> {
    return opened.map((o) => {
      const stored: FakeCase = {
        id: o.caseId,
        caseNumber: `CS-${String(++this.caseNumbers).padStart(6, '0')}`,
        priority: o.priority,
        category: o.category,
        customerId: o.customerId,
      };
      this.cases.set(o.caseId, stored);
      return stored;
    });
  }

  async touchCases(caseIds: string[]): Promise<StoredCase[]> {
    return caseIds.flatMap((id) => {
      const c = this.cases.get(id);
      return c ? [c] : [];
    });
  }

  async insertInteractions(rows: InteractionRow[]): Promise<void> {
    this.interactions.push(...rows);
  }

  async insertCaseEvents(
    events: CaseEvent[],
    traceparents: ReadonlyMap<string, string | undefined>,
  ): Promise<void> {
    for (const event of events)
      this.outbox.push({
        event,
        traceparent: traceparents.get(postKey(event.platform, event.externalId)) ?? null,
      });
  }

  async markRemoved(mention: SocialMention): Promise<number> {
    const row = this.find(mention);
    if (!row || row.removed_at) return 0;
    row.removed_at = mention.createdAt;
    return 1;
  }

  async applyEdit(mention: SocialMention): Promise<number> {
    const row = this.find(mention);
    if (!row || row.text === mention.text) return 0;
    row.text = mention.text;
    row.edited_at = mention.createdAt;
    return 1;
  }

  private find(mention: SocialMention): InteractionRow | undefined {
    return this.interactions.find(
      (i) => i.platform === mention.platform && i.external_id === mention.externalId,
    );
  }

  private candidate(c: FakeCase): CaseCandidate {
    return {
      caseId: c.id,
      caseNumber: c.caseNumber,
      customerId: c.customerId,
      status: 'open',
      category: c.category,
      resolvedAt: null,
    };
  }
}
