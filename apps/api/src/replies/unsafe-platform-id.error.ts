/**
 * Thrown by a reply client before it sends anything, when an id of the post to answer does not
 * have its platform's shape (see `platformIdIssues` in @scb/contracts). Rows stored before the
 * contract checked ids may still hold such ids; they must never reach a request URL.
 */
export class UnsafePlatformIdError extends Error {}
