// The whole pipeline starts four services and waits for it to settle; see integration.setup.ts.
jest.setTimeout(180_000);
// Waits there cross Kafka and up to four services: 30 s left a CI machine twice as slow as ours
// little room. Within the test timeout above, so a timed-out wait still says what it waited for.
process.env.SCB_WAIT_FOR_TIMEOUT_MS ??= '90000';
