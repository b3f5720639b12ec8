import { afinnSentiment } from './afinn-sentiment.scorer';

describe('afinnSentiment', () => {
  it('scores angry text below zero and happy text above', () => {
    expect(afinnSentiment('this is terrible, I hate it')).toBeLessThan(0);
    expect(afinnSentiment('love the new update, great job')).toBeGreaterThan(0);
    expect(afinnSentiment('my playlist')).toBe(0);
  });
});
