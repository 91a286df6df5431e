import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWebhookHandler } from '../../webhooks/webhook-handler.js';
import { CliError, UsageError } from '../cli-error.js';
import { stringOption, type CommandSpec } from '../command.js';
import { clientSecretOf, sharedOptions } from '../connection.js';
import { ExitCode } from '../exit-codes.js';
import { note, say } from '../io.js';

export const DEFAULT_WEBHOOK_PORT = 8788;
export const DEFAULT_WEBHOOK_PATH = '/netatmo/webhook';

export const webhookListenCommand: CommandSpec = {
  name: 'webhook listen',
  summary: "receive Netatmo's webhook calls on 127.0.0.1 and print each verified event as NDJSON",
  description: `Runs the webhook handler of netatmo-connect/webhooks on 127.0.0.1 (loopback only: put a tunnel such as cloudflared or ngrok in front while developing, and register the tunnel's https URL with addWebhook). Each call signed with your client secret is answered 200 at once and printed on stdout as one JSON line (the parsed event, with Netatmo's payload in "raw"); calls with a bad or missing X-Netatmo-Secret get 403 and a note on stderr, bodies over 64 KiB 413. Runs until Ctrl-C (exit 0).`,
  options: {
    'client-secret': sharedOptions['client-secret'],
    port: { type: 'string', valueName: '<port>', description: 'port to listen on, on 127.0.0.1 (0 picks a free one)', defaultText: String(DEFAULT_WEBHOOK_PORT) },
    path: { type: 'string', valueName: '<path>', description: 'the path Netatmo calls; other paths get 404', defaultText: DEFAULT_WEBHOOK_PATH },
  },
  examples: [
    'NETATMO_CLIENT_SECRET=… netatmo-connect webhook listen',
    'netatmo-connect webhook listen --port 9000 --path /hooks/netatmo | jq .kind',
  ],
  async run(context) {
    const clientSecret = clientSecretOf(context);
    const portText = stringOption(context, 'port');
    const port = portText === undefined ? DEFAULT_WEBHOOK_PORT : Number(portText);
    if (portText !== undefined && (!/^\d+$/.test(portText) || port > 65_535)) throw new UsageError(`--port must be a port number 0–65535, got '${portText}'`);
    const path = stringOption(context, 'path') ?? DEFAULT_WEBHOOK_PATH;
    if (!path.startsWith('/')) throw new UsageError(`--path must start with /, got '${path}'`);

    const handler = createWebhookHandler({
      clientSecret,
      onEvent: (event) => say(context.io, JSON.stringify(event)),
      onRefused: ({ status, reason }) => note(context.io, `refused (HTTP ${status}): ${reason}`),
    });
    const server = createServer((request, response) => {
      if (new URL(request.url ?? '/', 'http://localhost').pathname !== path) {
        response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`not found: Netatmo's calls go to ${path}\n`);
        return;
      }
      void handler(request, response);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(error.code === 'EADDRINUSE' ? new CliError(`port ${port} on 127.0.0.1 is in use: pick another with --port`) : error),
      );
      server.listen(port, '127.0.0.1', () => resolve());
    });
    const address = server.address() as AddressInfo;
    note(context.io, `Listening on http://127.0.0.1:${address.port}${path} (Ctrl-C to stop)`);
    note(context.io, 'Expose it with a tunnel, then register the public URL: client.camera.addWebhook({ url })');
    await new Promise<void>((resolve) => {
      if (context.io.signal.aborted) resolve();
      else context.io.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
    // Events already answered are printed before leaving.
    await handler.idle();
    return ExitCode.ok;
  },
};
