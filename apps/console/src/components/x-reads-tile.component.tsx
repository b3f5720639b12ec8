import { xReadsTile } from '../lib/x-reads';
import type { XReadUsage } from '../types';

/** X posts read this month against the budget (X bills reads per post); red when used up. */
export function XReadsTileView({ usage }: { usage: XReadUsage[] }) {
  const tile = xReadsTile(usage);
  const tone = tile.tone === 'ok' ? '' : ` ${tile.tone}`;
  return (
    <div className={`tile${tone}`} data-testid="tile-x-reads" title={tile.detail}>
      <span className="value">{tile.value}</span>X reads this month
      <span className="visually-hidden"> ({tile.detail})</span>
    </div>
  );
}
