/**
 * SOQL literals (Salesforce "SOQL and SOSL Reference": Quoted String Escape Sequences, Date
 * Formats). Every value put into a query goes through one of these; field names come only from
 * validated configuration.
 */

/** A quoted string literal: backslash, quotes and control characters escaped. */
export function soqlString(value: string): string {
  const escaped = value.replace(/[\\'"\n\r\t\b\f]/g, (c) => {
    switch (c) {
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      case '\b':
        return '\\b';
      case '\f':
        return '\\f';
      default:
        return `\\${c}`;
    }
  });
  return `'${escaped}'`;
}

/** A dateTime literal, unquoted, whole seconds in UTC (`2026-01-01T10:00:00Z`); sub-seconds are floored. */
export function soqlDateTime(value: Date): string {
  return new Date(Math.floor(value.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** A Salesforce API name: letters, digits and single underscores, custom ones ending `__c`. */
export const SOQL_FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,79}$/;

/** A 15- or 18-character Salesforce record id. */
export const SALESFORCE_ID = /^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/;
