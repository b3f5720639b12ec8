/** `GET /v1/customers` query, as validated by the controller. */
export interface SearchCustomersCommand {
  /** A name (prefixes of its words), handle, phone (any format), email, CRM id or account number. */
  q?: string;
  limit: number;
  offset: number;
}
