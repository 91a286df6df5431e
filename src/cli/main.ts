/**
 * The `netatmo-connect` bin: process glue around {@link runCli}. Everything testable lives there;
 * this file only wires the real streams, Ctrl-C and the exit code.
 */
import { openBrowser } from './open-browser.js';
import { ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';
import { runCli } from './run-cli.js';

const controller = new AbortController();
let interrupted = false;
process.on('SIGINT', () => {
  // A second Ctrl-C leaves at once, whatever is still running.
  if (interrupted) process.exit(ExitCode.interrupted);
  interrupted = true;
  controller.abort();
});

// A closed pipe (`netatmo-connect export … | head -1`) is the reader saying it has enough, as with
// `git log | head`: leave at once, quietly and successfully, instead of crashing on EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(ExitCode.ok);
    throw error;
  });
}

const io: CliIo = {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
  openBrowser: (url) => openBrowser(url, process.env),
  signal: controller.signal,
};

const code = await runCli(process.argv.slice(2), io);
// Flush both streams before leaving: exit() does not wait for pipes on every platform.
await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
await new Promise<void>((resolve) => process.stderr.write('', () => resolve()));
process.exit(code);
