import { ConfigError } from './config-loader';

/**
 * Runs a process entry point; a bad configuration exits with the variable's name, not a stack.
 * Lives here, away from the framework, so an entry point can start tracing before it loads any
 * instrumented module.
 */
export function runMain(main: () => Promise<unknown>): void {
  // Promise.resolve().then: a ConfigError thrown synchronously is handled like a rejected one.
  Promise.resolve()
    .then(main)
    .catch((error: unknown) => {
      if (error instanceof ConfigError) console.error(error.message);
      else console.error(error);
      process.exit(1);
    });
}
