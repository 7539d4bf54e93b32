/** Process entry: hands argv to the command line program and exits with its status. */
import { runCli } from './cli/program.js';

const status = await runCli(process.argv);
if (status !== 0) process.exitCode = status;
