// Real brokers and databases answer in milliseconds but start-up, rebalances and topic creation
// take seconds; jest 30 ignores `testTimeout` inside `projects`, so each tier sets its own here.
jest.setTimeout(60_000);
