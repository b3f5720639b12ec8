/** Erase customer `customerId`'s personal data, on behalf of `requestedBy` (`kind:name`). */
export interface EraseCustomerCommand {
  customerId: string;
  requestedBy: string;
  /** Told after each of the erasure's statements (a CLI's progress bar). */
  onProgress?: (done: number, total: number) => void;
}
