/**
 * heketi-ts's entry for `npm run bench -- --cpu-prof=DIR`: the server exits on SIGTERM through
 * process.exit, so that `node --cpu-prof` writes its profile (a signal's default action would
 * end the process without one). Arguments are those of src/main.ts.
 */
process.on('SIGTERM', () => process.exit(0));
await import('../src/main.js');
