import { beforeAll, expect, test } from 'vitest';
import { clientFor, fakeNetatmo, storeWithTokens } from '../helpers/setup.js';
import { payloads } from '../webhooks/webhook-payloads.js';
import { ensureBuilt, runCliProcess, startCli } from './cli-harness.js';

beforeAll(ensureBuilt, 120_000);

test('webhook listen answers the fake’s signed calls 200 and prints each event as one JSON line; a bad signature gets 403', async () => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: storeWithTokens(fake) });
  const cli = startCli(['webhook', 'listen', '--port', '0', '--path', '/hooks/netatmo'], { env: { NETATMO_CLIENT_SECRET: fake.clientSecret } });
  const [, url] = (await cli.waitForStderr(/^Listening on (http:\/\/127\.0\.0\.1:\d+\/hooks\/netatmo) \(Ctrl-C to stop\)$/m))!;
  await client.camera.addWebhook({ url: url! });
  await fake.webhooksIdle();
  const delivered = [...(await fake.deliverWebhook(payloads.person)), ...(await fake.deliverWebhook(payloads.setpoint))];
  const refused = await fake.deliverWebhook(payloads.person, { signature: '0'.repeat(64) });
  const wrongPath = await fetch(url!.replace('/hooks/netatmo', '/other'), { method: 'POST', body: '{}' });
  await cli.waitForStdout(/"kind":"setpoint"/);
  cli.kill('SIGINT');
  const run = await cli.done;

  expect(fake.webhookDeliveries[0]).toMatchObject({ outcome: 'delivered', status: 200 });
  expect(delivered.map((record) => record.status)).toEqual([200, 200]);
  expect(refused[0]!.status).toBe(403);
  expect(wrongPath.status).toBe(404);
  expect(run.code).toBe(0);
  const lines = run.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as { kind: string; raw: unknown; homeId?: string });
  expect(lines.map((line) => line.kind)).toEqual(['activation', 'person', 'setpoint']);
  expect(lines[1]!.raw).toEqual(payloads.person);
  expect(lines[2]!.homeId).toBe('91763b24c43d3e344f424e8b');
  expect(run.stderr).toContain('refused (HTTP 403): X-Netatmo-Secret does not match the body');
  expect(run.stderr).not.toContain(fake.clientSecret);
});

test('webhook listen without a client secret is a usage error that says where to get it', async () => {
  const run = await runCliProcess(['webhook', 'listen']);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('missing --client-secret (or set NETATMO_CLIENT_SECRET)');
  const unknown = await runCliProcess(['webhook', 'serve']);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toContain("netatmo-connect webhook: unknown subcommand 'serve': use listen");
});
