import { chooseQueue, DEFAULT_QUEUE, workItemJobId } from './queue-router';

describe('chooseQueue', () => {
  it('sends phone and social work to the same default queue with the case priority', () => {
    expect(chooseQueue({ priority: 2, channel: 'social' })).toMatchObject({
      queue: DEFAULT_QUEUE,
      priority: 2,
    });
    expect(chooseQueue({ priority: 2, channel: 'phone' }).queue).toBe(DEFAULT_QUEUE);
  });

  it('derives a stable job id from the work item id', () => {
    expect(workItemJobId('abc')).toBe(workItemJobId('abc'));
    expect(workItemJobId('abc')).not.toBe(workItemJobId('abd'));
  });
});
