import { readFileSync } from 'node:fs';
import { sharedDataFile } from '@scb/testing';
import { CsvRecordReader, type CsvRecord } from './csv-record.reader';

const readAll = (text: string, chunkSize = text.length): CsvRecord[] => {
  const reader = new CsvRecordReader();
  const records: CsvRecord[] = [];
  for (let i = 0; i < text.length; i += chunkSize)
    records.push(...reader.push(text.slice(i, i + chunkSize)));
  return [...records, ...reader.end()];
};

describe('CsvRecordReader', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    const text = 'a,b,c\n1,"x, y","say ""hi""\nthere"\n2,,\n';
    expect(readAll(text).map((r) => r.fields)).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x, y', 'say "hi"\nthere'],
      ['2', '', ''],
    ]);
  });

  it('gives each record the line it starts on and skips blank lines', () => {
    const records = readAll('h\n"multi\nline"\n\nlast');
    expect(records.map((r) => [r.fields[0], r.line])).toEqual([
      ['h', 1],
      ['multi\nline', 2],
      ['last', 5],
    ]);
  });

  it('handles CRLF, even when CR and LF land in different chunks', () => {
    const text = 'a,"b\r\nc"\r\nd,e\r\n';
    for (const size of [1, 2, 3, text.length]) {
      expect(readAll(text, size).map((r) => r.fields)).toEqual([
        ['a', 'b\r\nc'],
        ['d', 'e'],
      ]);
    }
  });

  it('gives the same records whatever the chunking', () => {
    const text = readFileSync(sharedDataFile('twcs-kaggle-sample.csv'), 'utf8');
    const whole = readAll(text);
    expect(readAll(text, 7)).toEqual(whole);
    expect(readAll(text, 1)).toEqual(whole);
  });

  it('refuses a file that ends inside a quoted field', () => {
    expect(() => readAll('a\n"open\n')).toThrow(/unterminated quoted field .* line 2/);
  });
});

describe('CsvRecordReader edge cases', () => {
  it('keeps a quote inside an unquoted field and a quote pair split across chunks', () => {
    const text = 'a,b"c\n"x""y",z\n';
    for (const size of [1, 2, 5, text.length]) {
      const reader = new CsvRecordReader();
      const records: string[][] = [];
      for (let i = 0; i < text.length; i += size)
        records.push(...reader.push(text.slice(i, i + size)).map((r) => r.fields));
      expect([...records, ...reader.end().map((r) => r.fields)]).toEqual([
        ['a', 'b"c'],
        ['x"y', 'z'],
      ]);
    }
  });
});
