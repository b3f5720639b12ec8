import { replyLength } from './reply-length';

describe('replyLength', () => {
  it('counts X replies as X does: URLs 23, CJK and emoji 2, limit 280', () => {
    expect(replyLength('x', 'hello')).toEqual({ used: 5, limit: 280, over: false });
    expect(replyLength('x', 'see https://example.com/a/very/long/path/that/goes/on').used).toBe(
      4 + 23,
    );
    expect(replyLength('x', '日本語').used).toBe(6);
    expect(replyLength('x', '👋').used).toBe(2);
    expect(replyLength('x', 'a'.repeat(280)).over).toBe(false);
    expect(replyLength('x', 'a'.repeat(281)).over).toBe(true);
    expect(replyLength('x', '日'.repeat(141))).toEqual({ used: 282, limit: 280, over: true });
  });
  it('counts Meta replies in code points against their own limits', () => {
    expect(replyLength('instagram', '👋'.repeat(2_200))).toEqual({
      used: 2_200,
      limit: 2_200,
      over: false,
    });
    expect(replyLength('facebook', 'a'.repeat(8_001)).over).toBe(true);
  });
  it('has no limit for other platforms', () => {
    expect(replyLength('other', 'a'.repeat(10_000))).toEqual({
      used: 10_000,
      limit: null,
      over: false,
    });
  });
});
