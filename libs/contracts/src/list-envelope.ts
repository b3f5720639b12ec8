/**
 * The one list envelope of every list (issue #15): this page's `items`, how many match in all
 * (`total`), and the page asked for (`limit`, `offset`). A list that is not paged returns all
 * its items with `limit` = `total` and `offset` 0. `alias` names the key the list had before
 * (e.g. `queues`): the same array, kept for clients that read it, deprecated.
 */
export interface ListEnvelope<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export function listEnvelope<T, K extends string = never>(
  items: T[],
  page: { total: number; limit: number; offset: number } | 'all',
  alias?: K,
): ListEnvelope<T> & { [key in K]: T[] } {
  const { total, limit, offset } =
    page === 'all' ? { total: items.length, limit: items.length, offset: 0 } : page;
  return {
    items,
    total,
    limit,
    offset,
    ...(alias ? { [alias]: items } : {}),
  } as ListEnvelope<T> & { [key in K]: T[] };
}
