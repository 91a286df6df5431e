// Real full file systems for tests: a tiny tmpfs mounted by root, filled to the last page.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

const mounts: string[] = [];

afterEach(async () => {
  for (const dir of mounts.splice(0)) {
    if (spawnSync('umount', [dir]).status !== 0) spawnSync('umount', ['-l', dir]);
    await rm(dir, { recursive: true, force: true });
  }
});

let mountable: boolean | undefined;

/** Whether this process may mount a tmpfs (root, or a sandbox that allows it). */
export function canMountTmpfs(): boolean {
  if (mountable === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'netatmo-tmpfs-probe-'));
    mountable = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir]).status === 0;
    if (mountable) spawnSync('umount', [dir]);
    rmSync(dir, { recursive: true, force: true });
  }
  return mountable;
}

/** A mounted tmpfs holding `files`, then filled with 4 KiB files until the file system refuses a page. */
export interface FullDisk {
  dir: string;
  /** Frees `pages` pages of 4 KiB. */
  free(pages: number): Promise<void>;
}

export async function fullDisk(files: Record<string, string>): Promise<FullDisk> {
  const dir = await mkdtemp(join(tmpdir(), 'netatmo-full-disk-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k,mode=0700', 'tmpfs', dir]);
  if (mounted.status !== 0) throw new Error(`cannot mount a tmpfs on ${dir}: ${mounted.stderr.toString()}`);
  mounts.push(dir);
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  const fillers: string[] = [];
  for (let index = 0; ; index++) {
    const filler = join(dir, `.filler-${index}`);
    try {
      await writeFile(filler, Buffer.alloc(4096, 1));
      fillers.push(filler);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      await rm(filler, { force: true });
      break;
    }
  }
  return {
    dir,
    async free(pages) {
      for (const filler of fillers.splice(0, pages)) await unlink(filler);
    },
  };
}
