import { useState } from 'react';
import { api, ApiError, type FieldError } from '../api.client';
import type { CrmImportResult } from '../types';
import { ScrollRegion, TableHead } from '../components/scroll-region.component';

/**
 * CRM import: a CSV (docs/crm-import.md layout) or JSON (`{ "customers": [...] }`) file, sent
 * as it is; the API refuses the whole file with every bad row (CSV: row, line, column) or field.
 */
export function CrmImportPage() {
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<CrmImportResult | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [message, setMessage] = useState<string | null>(null);

  const upload = async () => {
    if (!file) return;
    setBusy(true);
    setResult(null);
    setErrors([]);
    setMessage(null);
    try {
      const text = await file.text();
      const csv = !/\.json$/i.test(file.name) && !text.trimStart().startsWith('{');
      setResult(
        await api<CrmImportResult>(
          '/v1/admin/crm-import',
          csv ? { body: text, contentType: 'text/csv' } : { body: JSON.parse(text) as unknown },
        ),
      );
    } catch (e) {
      if (e instanceof ApiError) {
        setErrors(e.errors);
        setMessage(`${e.status}: ${e.message}`);
      } else setMessage(e instanceof SyntaxError ? `Not valid JSON: ${e.message}` : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" data-testid="crm-import">
      <h2>CRM import</h2>
      <div className="actions">
        <label>
          CSV or JSON file
          <input
            type="file"
            name="crm-file"
            accept=".csv,.json,text/csv,application/json"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </label>
        <button
          type="button"
          className="primary"
          disabled={!file || busy}
          onClick={() => void upload()}
        >
          {busy ? 'Importing…' : 'Import'}
        </button>
      </div>
      {busy && <progress aria-label="Importing" />}
      {message && (
        <p role="alert" className="error" data-testid="crm-message">
          {message}
        </p>
      )}
      {errors.length > 0 && (
        <ScrollRegion label="Refused rows">
          <table data-testid="crm-errors">
            <caption>Nothing was imported; fix these and upload again.</caption>
            <TableHead columns={['row', 'line', 'field', 'problem']} />
            <tbody>
              {errors.map((e, i) => (
                <tr key={i}>
                  <td>{e.row ?? '—'}</td>
                  <td>{e.line ?? '—'}</td>
                  <td>{e.column ?? e.path}</td>
                  <td>{e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {result && (
        <table data-testid="crm-result">
          <caption>Imported</caption>
          <tbody>
            <tr>
              <th scope="row">customers</th>
              <td>
                {result.customers.created} created, {result.customers.updated} updated
              </td>
            </tr>
            <tr>
              <th scope="row">identities</th>
              <td>
                {result.identities.linked} linked, {result.identities.alreadyLinked} already linked
                {result.identities.heldByAnotherCustomer.length > 0 &&
                  `; held by another customer: ${result.identities.heldByAnotherCustomer.join(', ')}`}
              </td>
            </tr>
            <tr>
              <th scope="row">identifiers</th>
              <td>
                {result.identifiers.added} added
                {result.identifiers.rejected.length > 0 &&
                  `; rejected: ${result.identifiers.rejected.join(', ')}`}
              </td>
            </tr>
            <tr>
              <th scope="row">cases</th>
              <td>
                {result.cases.created} created, {result.cases.updated} updated
              </td>
            </tr>
          </tbody>
        </table>
      )}
    </section>
  );
}
