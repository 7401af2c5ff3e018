// Durability of a file written aside and renamed into place (a backup, the demo database): its
// bytes reach the disk before it takes its name, and the folder's entry after.
import { closeSync, fsyncSync, openSync } from 'node:fs';

/** fsync of a file ('r+') or of a folder ('r': its entries, a rename among them). */
export function fsyncPath(path: string, flags: 'r' | 'r+'): void {
  const fd = openSync(path, flags);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
