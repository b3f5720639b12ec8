/**
 * An incremental RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks,
 * and a record may be split across chunks, so a large file streams through in constant memory.
 * Each record comes with the line it starts on, so a refusal can point at the file.
 */
export interface CsvRecord {
  fields: string[];
  line: number;
}

const SPECIAL = /[,"\r\n]/g;

function countLineFeeds(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count += 1;
  return count;
}

export class CsvRecordReader {
  private field = '';
  private fields: string[] = [];
  private inQuotes = false;
  /** A quote seen inside a quoted field: either the closing quote or the first of a pair. */
  private quotePending = false;
  /** The previous chunk ended on CR; a leading LF in the next one belongs to it. */
  private afterCarriageReturn = false;
  private line = 1;
  private recordLine = 1;
  private recordStarted = false;

  push(chunk: string): CsvRecord[] {
    const records: CsvRecord[] = [];
    let i = 0;
    // Runs of ordinary characters are copied with one slice rather than char by char: the
    // reader is the hot path of a replay.
    while (i < chunk.length) {
      const c = chunk[i];
      if (this.afterCarriageReturn) {
        this.afterCarriageReturn = false;
        if (c === '\n' && !this.inQuotes) {
          i += 1;
          continue;
        }
      }
      if (this.quotePending) {
        this.quotePending = false;
        if (c === '"') {
          this.field += '"';
          i += 1;
          continue;
        }
        this.inQuotes = false;
      }
      if (this.inQuotes) {
        const quote = chunk.indexOf('"', i);
        const end = quote === -1 ? chunk.length : quote;
        const part = chunk.slice(i, end);
        this.field += part;
        this.line += countLineFeeds(part);
        if (quote !== -1) this.quotePending = true;
        i = end + 1;
        continue;
      }
      SPECIAL.lastIndex = i;
      const end = SPECIAL.exec(chunk)?.index ?? chunk.length;
      if (end > i) {
        this.startRecord();
        this.field += chunk.slice(i, end);
        i = end;
        continue;
      }
      if (c === '"' && this.field === '') {
        this.startRecord();
        this.inQuotes = true;
      } else if (c === ',') {
        this.startRecord();
        this.fields.push(this.field);
        this.field = '';
      } else if (c === '\n' || c === '\r') {
        if (c === '\r') this.afterCarriageReturn = true;
        const record = this.endRecord();
        if (record) records.push(record);
        this.line += 1;
      } else {
        // A quote inside an unquoted field is an ordinary character.
        this.startRecord();
        this.field += c;
      }
      i += 1;
    }
    return records;
  }

  /** The last record when the file does not end with a line break. */
  end(): CsvRecord[] {
    if (this.quotePending) {
      this.quotePending = false;
      this.inQuotes = false;
    }
    if (this.inQuotes) {
      throw new Error(
        `unterminated quoted field in the record starting on line ${this.recordLine}`,
      );
    }
    const record = this.endRecord();
    return record ? [record] : [];
  }

  private startRecord(): void {
    if (this.recordStarted) return;
    this.recordStarted = true;
    this.recordLine = this.line;
  }

  private endRecord(): CsvRecord | null {
    if (!this.recordStarted) return null; // blank line
    this.fields.push(this.field);
    const record = { fields: this.fields, line: this.recordLine };
    this.fields = [];
    this.field = '';
    this.recordStarted = false;
    return record;
  }
}
