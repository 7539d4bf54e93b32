import type { FastifyInstance } from 'fastify';
import type { JobQueue } from '../../operations/jobs.js';

const QUEUE_PREFIX = '/queue/';

/**
 * A 202 hands the client a queue job to poll: it leaves only once the job's record (and its
 * operation's build) is on disk, so a power failure after the answer cannot lose what it promised.
 * The commit itself was made without waiting for the disk (JobQueue.startWith); this is where the
 * request waits, while the event loop serves others.
 */
export function registerAcceptedWhenRecorded(app: FastifyInstance, jobs: JobQueue): void {
  app.addHook('onSend', (_request, reply, payload, done) => {
    const location = reply.statusCode === 202 ? reply.getHeader('location') : undefined;
    if (typeof location !== 'string' || !location.startsWith(QUEUE_PREFIX)) return done(null, payload);
    jobs.recorded(location.slice(QUEUE_PREFIX.length)).then(
      () => done(null, payload),
      (e: unknown) => done(e instanceof Error ? e : new Error(String(e))),
    );
  });
}
