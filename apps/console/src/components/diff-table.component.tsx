import { jsonDiff } from '../lib/json-diff';
import { ScrollRegion, TableHead } from './scroll-region.component';

const show = (v: unknown) => (v === undefined ? '' : JSON.stringify(v));

/** Before → after of two JSON values, one row per leaf that differs. */
export function DiffTable({ before, after }: { before: unknown; after: unknown }) {
  const diff = jsonDiff(before, after);
  if (diff.length === 0) return <p className="muted">No difference.</p>;
  return (
    <ScrollRegion label="Changes, before and after">
      <table className="diff" data-testid="diff">
        <TableHead columns={['field', 'before', 'after']} />
        <tbody>
          {diff.map((d) => (
            <tr key={d.path} className={d.kind}>
              <td>{d.path}</td>
              <td className="before">{show(d.before)}</td>
              <td className="after">{show(d.after)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
