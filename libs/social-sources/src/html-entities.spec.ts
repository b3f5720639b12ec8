import { decodeHtmlEntities } from './html-entities';

describe('decodeHtmlEntities', () => {
  it('decodes the entities tweets carry, named and numeric', () => {
    expect(
      decodeHtmlEntities('Settings &gt; General &amp; more &lt;3 &quot;x&quot; &#39;y&#x27;'),
    ).toBe('Settings > General & more <3 "x" \'y\'');
  });

  it('decodes once, leaving unknown entities and bare ampersands alone', () => {
    expect(decodeHtmlEntities('&amp;amp; &bogus; AT&T &#0;')).toBe('&amp; &bogus; AT&T &#0;');
  });
});
