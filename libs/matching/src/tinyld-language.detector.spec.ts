import { tinyldLanguage } from './tinyld-language.detector';

describe('tinyldLanguage', () => {
  it('tells common languages apart with the bundled model, and gives up on too little text', () => {
    expect(tinyldLanguage('my playlist vanished again, please help me')).toBe('en');
    expect(tinyldLanguage('mi lista de reproducción desapareció otra vez')).toBe('es');
    expect(tinyldLanguage('ma playlist a encore disparu, aidez-moi')).toBe('fr');
    expect(tinyldLanguage('ok')).toBeNull();
  });
});
