import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { FakeNetatmo } from '../../src/testing/index.js';

/** The controls of a fake Netatmo running in another process (see `fake-server.ts`). */
export interface RemoteFake {
  url: string;
  clientId: string;
  clientSecret: string;
  issueTokens(): Promise<ReturnType<FakeNetatmo['issueTokens']>>;
  count(endpoint?: string): Promise<number>;
  clearRequests(): Promise<void>;
  close(): Promise<void>;
}

/** Starts the fake in a child process and resolves once it listens. */
export async function startRemoteFake(): Promise<RemoteFake> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./fake-server.ts', import.meta.url))], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done) throw new Error('the bench fake exited before it listened');
  const address = JSON.parse(first.value) as { url: string; clientId: string; clientSecret: string };
  let next = 0;
  const ask = async <T>(op: string, arg?: string): Promise<T> => {
    const id = ++next;
    child.stdin.write(`${JSON.stringify({ id, op, arg })}\n`);
    const reply = await lines.next();
    if (reply.done) throw new Error('the bench fake exited');
    return (JSON.parse(reply.value) as { result: T }).result;
  };
  return {
    ...address,
    issueTokens: () => ask('issueTokens'),
    count: (endpoint) => ask('count', endpoint),
    clearRequests: () => ask('clearRequests'),
    close: async () => {
      await ask('close');
      child.stdin.end();
    },
  };
}
