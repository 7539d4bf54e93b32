/**
 * The HTTP ceiling for P3: a bare Fastify answering GET /hello on 127.0.0.1, with nothing else
 * (no auth, no hooks, no logging). Started by the bench as `node --import tsx bench/hello-server.ts PORT`.
 */
import Fastify from 'fastify';

const port = Number(process.argv[2] ?? '0');
const app = Fastify({ logger: false });
app.get('/hello', (_req, reply) => reply.header('Content-Type', 'text/plain; charset=UTF-8').send('Hello from Heketi'));
await app.listen({ port, host: '127.0.0.1' });
const shutdown = (): void => void app.close().then(() => process.exit(0));
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
