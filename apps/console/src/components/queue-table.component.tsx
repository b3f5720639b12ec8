import type { ChannelDepth, QueueDepth } from '../types';

function age(since: string | null): string {
  if (!since) return '–';
  const s = Math.max(0, Math.round((Date.now() - new Date(since).getTime()) / 1000));
  return s < 120 ? `${s} s` : s < 7_200 ? `${Math.round(s / 60)} min` : `${Math.round(s / 3600)} h`;
}

const Cells = ({ d }: { d: ChannelDepth }) => (
  <>
    <td>{d.waiting}</td>
    <td>{d.assigned}</td>
    <td>{age(d.oldestWaitingSince)}</td>
  </>
);

/** Per queue: waiting, with an agent, oldest waiting, for phone and social; SLAs now. */
export function QueueTable({ queues }: { queues: QueueDepth[] }) {
  return (
    <table className="queues" data-testid="queue-table">
      <thead>
        <tr>
          <th rowSpan={2}>queue</th>
          <th colSpan={3}>phone</th>
          <th colSpan={3}>social</th>
          <th colSpan={2}>SLA</th>
        </tr>
        <tr>
          <th>waiting</th>
          <th>with agent</th>
          <th>oldest</th>
          <th>waiting</th>
          <th>with agent</th>
          <th>oldest</th>
          <th>at risk</th>
          <th>breached</th>
        </tr>
      </thead>
      <tbody>
        {queues.map((q) => (
          <tr key={q.queue} data-queue={q.queue}>
            <td>{q.queue}</td>
            <Cells d={q.phone} />
            <Cells d={q.social} />
            <td className={q.sla.atRisk > 0 ? 'warn' : undefined}>{q.sla.atRisk}</td>
            <td className={q.sla.breached > 0 ? 'bad' : undefined}>{q.sla.breached}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
