/** One leaf that differs between two JSON values, at a dotted path (`targets.2.firstResponseSeconds`). */
export interface DiffEntry {
  path: string;
  before: unknown;
  after: unknown;
  kind: 'added' | 'removed' | 'changed';
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * The leaves that differ between `before` and `after` (audit records, rule versions), in path
 * order. Arrays compare by index; a value present on one side only is added or removed.
 */
export function jsonDiff(before: unknown, after: unknown, path = ''): DiffEntry[] {
  if (isObject(before) && isObject(after) && Array.isArray(before) === Array.isArray(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((k) => {
      const at = path ? `${path}.${k}` : k;
      if (!(k in after))
        return [{ path: at, before: before[k], after: undefined, kind: 'removed' as const }];
      if (!(k in before))
        return [{ path: at, before: undefined, after: after[k], kind: 'added' as const }];
      return jsonDiff(before[k], after[k], at);
    });
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  if (before === undefined || before === null)
    return [{ path: path || '(all)', before, after, kind: 'added' }];
  if (after === undefined || after === null)
    return [{ path: path || '(all)', before, after, kind: 'removed' }];
  return [{ path: path || '(all)', before, after, kind: 'changed' }];
}
