/** What a webhook intake decided, for the controller to send as it is. */
export interface WebhookOutcome {
  status: number;
  body: unknown;
}

export const refused = (status: number, message: string): WebhookOutcome => ({
  status,
  body: { statusCode: status, message },
});
