import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobQueue } from '../../operations/jobs.js';
import { registerAcceptedWhenRecorded } from './accepted-recorded.js';

/** The one JobQueue method the hook uses, with the disk sync under the test's control. */
function heldJobs() {
  const asked: string[] = [];
  let finish: { resolve: () => void; reject: (e: Error) => void } | undefined;
  const jobs = {
    recorded: (id: string) => {
      asked.push(id);
      return new Promise<void>((resolve, reject) => (finish = { resolve, reject }));
    },
  } as unknown as JobQueue;
  return { jobs, asked, finish: () => finish! };
}

describe('a 202 leaves once its job is recorded on disk', () => {
  let app: FastifyInstance;
  afterEach(() => app.close());

  const appWith = (jobs: JobQueue): FastifyInstance => {
    app = Fastify();
    registerAcceptedWhenRecorded(app, jobs);
    app.post('/volumes', (_req, reply) => reply.code(202).header('Location', '/queue/abc123').send());
    app.get('/hello', (_req, reply) => reply.send('Hello from Heketi'));
    return app;
  };

  it('holds the 202 until the sync, then sends it unchanged', async () => {
    const held = heldJobs();
    const answer = appWith(held.jobs).inject({ method: 'POST', url: '/volumes' });
    let answered = false;
    void answer.then(() => (answered = true));
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(held.asked).toEqual(['abc123']);
    expect(answered).toBe(false);
    held.finish().resolve();
    const res = await answer;
    expect(res.statusCode).toBe(202);
    expect(res.headers.location).toBe('/queue/abc123');
  });

  it('answers 500 instead when the sync fails', async () => {
    const held = heldJobs();
    const answer = appWith(held.jobs).inject({ method: 'POST', url: '/volumes' });
    for (let i = 0; i < 20 && held.asked.length === 0; i++) await new Promise((resolve) => setImmediate(resolve));
    held.finish().reject(new Error('EIO: i/o error, fsync'));
    const res = await answer;
    expect(res.statusCode).toBe(500);
    expect(res.body).toContain('EIO');
  });

  it('leaves every other answer alone', async () => {
    const held = heldJobs();
    const res = await appWith(held.jobs).inject({ method: 'GET', url: '/hello' });
    expect(res.statusCode).toBe(200);
    expect(held.asked).toEqual([]);
  });
});
