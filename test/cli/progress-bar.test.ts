import { expect, test } from 'vitest';
import { createProgress } from '../../src/cli/progress-bar.js';

function capture(isTTY: boolean): { stream: { write(chunk: string): boolean; isTTY: boolean; columns: number }; text: () => string } {
  let text = '';
  return { stream: { write: (chunk) => ((text += chunk), true), isTTY, columns: 80 }, text: () => text };
}

test('on a terminal the bar redraws in place at most every 100 ms and ends with a clean line', () => {
  const { stream, text } = capture(true);
  let now = 1_000;
  const progress = createProgress(stream, 'export', { now: () => now });
  progress.update(0.5, '10 points');
  now += 50;
  progress.update(0.6, 'skipped: too soon');
  now += 100;
  progress.update(1, '20 points');
  progress.done('20 points written');
  expect(text()).toBe(
    '\r\x1b[2Kexport [############------------]  50%  10 points' +
      '\r\x1b[2Kexport [########################] 100%  20 points' +
      '\r\x1b[2Kexport: 20 points written\n',
  );
});

test('off a terminal it prints a plain line every N updates, no escape codes', () => {
  const { stream, text } = capture(false);
  const progress = createProgress(stream, 'export', { every: 2 });
  progress.update(0.25, 'a');
  progress.update(0.5, 'b');
  progress.update(0.75, 'c');
  progress.done('done');
  expect(text()).toBe('export: 50% b\nexport: done\n');
});
