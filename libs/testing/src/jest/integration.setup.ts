// Real brokers and databases answer in milliseconds but start-up, rebalances and topic creation
// take seconds; jest 30 ignores `testTimeout` inside `projects`, so each tier sets its own here.
// 180 s, hooks included: starting a Nest app on a fresh schema took over 60 s with the 2 cores
// shared (load average 40), and CI machines are slower still. A hung test only reports later.
jest.setTimeout(180_000);
