import type { FieldError } from '../api.client';

/** The server's messages for one field (and what lies under it), shown next to that field. */
export function FieldErrors({ errors, path }: { errors: FieldError[]; path: string }) {
  const mine = errors.filter((e) => e.path === path || (e.path ?? '').startsWith(`${path}.`));
  if (mine.length === 0) return null;
  return (
    <span className="field-error" role="alert" data-path={path}>
      {mine
        .map((e) =>
          e.path === path ? e.message : `${e.path.slice(path.length + 1)}: ${e.message}`,
        )
        .join('; ')}
    </span>
  );
}
