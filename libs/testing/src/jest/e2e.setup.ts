// The whole pipeline starts four services and waits for it to settle; see integration.setup.ts.
jest.setTimeout(180_000);
