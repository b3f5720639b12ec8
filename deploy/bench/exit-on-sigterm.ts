// Preloaded (NODE_OPTIONS --require) into the services only when the bench profiles them:
// `node --cpu-prof` writes its profile on a normal exit, never on death by a signal, and Nest
// re-raises SIGTERM after its shutdown hooks. The bench is over when services.sh stops them.
process.on('SIGTERM', () => process.exit(0));
