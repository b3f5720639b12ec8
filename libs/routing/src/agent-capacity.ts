import type { Channel } from '@scb/contracts';

export const PRESENCES = ['available', 'busy', 'away', 'offline'] as const;
export type Presence = (typeof PRESENCES)[number];

/** How many items of each channel an agent may hold at once (e.g. 1 call, or 3 social cases). */
export type ChannelCapacity = Record<Channel, number>;

export const DEFAULT_CAPACITY: ChannelCapacity = { phone: 1, social: 3 };

/** The channels in which an agent can take one more item now. */
export function channelsWithRoom(
  capacity: ChannelCapacity,
  holding: Partial<Record<Channel, number>>,
): Channel[] {
  return (Object.keys(capacity) as Channel[]).filter((c) => (holding[c] ?? 0) < capacity[c]);
}

/**
 * Why an agent cannot be handed work, or null when they can. Only an available agent with room
 * in some channel gets work; the reason goes back to the caller as a 409.
 */
export function refusalReason(
  presence: Presence,
  capacity: ChannelCapacity,
  holding: Partial<Record<Channel, number>>,
): string | null {
  if (presence !== 'available')
    return `agent is ${presence}; only available agents are handed work`;
  if (channelsWithRoom(capacity, holding).length === 0)
    return `agent is at capacity (${Object.entries(capacity)
      .map(([c, n]) => `${c} ${holding[c as Channel] ?? 0}/${n}`)
      .join(', ')})`;
  return null;
}
