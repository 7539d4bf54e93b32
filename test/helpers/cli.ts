import { runCli } from '../../src/cli/program.js';
import { ADMIN_KEY, type TestServer } from './server.js';

/** Runs the heketi-ts CLI in-process against a test server as admin; its output is captured. */
export async function adminCli(s: TestServer, args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io = { stdout: (t: string) => (out += t), stderr: (t: string) => (err += t), env: {}, sleep: async () => undefined };
  const code = await runCli(['node', 'heketi-ts', '-s', s.url, '--user', 'admin', '--secret', ADMIN_KEY, ...args], io);
  return { code, out, err };
}
