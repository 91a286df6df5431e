import type { OutputStream } from './io.js';

/** Reports how far a long job got. */
export interface Progress {
  /** `fraction` in 0–1; `detail` is the rest of the line (`2048 points, up to …`). */
  update(fraction: number, detail: string): void;
  /** Ends the bar with a final line. */
  done(summary: string): void;
}

/** How often a TTY bar is redrawn, in ms: often enough to look alive, rarely enough to be cheap. */
const REDRAW_MS = 100;

/**
 * On a terminal, a bar redrawn in place (`[######----]  60%  …`); elsewhere (a pipe, a CI log),
 * plain lines, one each time `every` more updates arrived, so logs stay readable.
 */
export function createProgress(stream: OutputStream, label: string, options: { every?: number; now?: () => number } = {}): Progress {
  const now = options.now ?? Date.now;
  if (stream.isTTY) {
    let lastDraw = 0;
    let drawn = false;
    const width = 24;
    return {
      update(fraction, detail) {
        if (now() - lastDraw < REDRAW_MS) return;
        lastDraw = now();
        const clamped = Math.min(1, Math.max(0, fraction));
        const filled = Math.round(clamped * width);
        const line = `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(clamped * 100)).padStart(3)}%  ${detail}`;
        const columns = stream.columns ?? 100;
        stream.write(`\r\x1b[2K${line.slice(0, Math.max(10, columns - 1))}`);
        drawn = true;
      },
      done(summary) {
        stream.write(`${drawn ? '\r\x1b[2K' : ''}${label}: ${summary}\n`);
      },
    };
  }
  const every = options.every ?? 1024;
  let count = 0;
  return {
    update(fraction, detail) {
      count++;
      if (count % every !== 0) return;
      stream.write(`${label}: ${Math.floor(Math.min(1, Math.max(0, fraction)) * 100)}% ${detail}\n`);
    },
    done(summary) {
      stream.write(`${label}: ${summary}\n`);
    },
  };
}
