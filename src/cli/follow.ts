// Follow a growing file (`logs --follow`, `events --follow`): print what is there, then what is
// appended, until `done()` says so or the user interrupts. A reader, so a short poll is fine here:
// fs.watch alone misses appends on some file systems.

import { closeSync, fstatSync, openSync, readSync, statSync, watch } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

export async function follow(
  path: string,
  options: {
    from: number;
    onText: (text: string) => void;
    done: () => Promise<boolean>;
    /** The file got shorter (a writer cut a torn last line): go on from its new end, not from the start. */
    onCut?: () => void;
  },
): Promise<void> {
  let offset = options.from;
  // One decoder for the whole file: a read that ends inside a multi-byte character (a writer's
  // append caught halfway) keeps its first bytes for the next read instead of printing U+FFFD.
  let decoder = new StringDecoder('utf8');
  /** The file being read, held open: one renamed away (rotated) is read to its end before the new one. */
  let fd: number | undefined;
  const drain = (): void => {
    if (fd === undefined) {
      try {
        fd = openSync(path, 'r');
      } catch {
        return; // not there yet
      }
    }
    const size = fstatSync(fd).size;
    if (size < offset) {
      offset = size;
      decoder = new StringDecoder('utf8');
      options.onCut?.();
    }
    if (size > offset) {
      const buf = Buffer.alloc(size - offset);
      readSync(fd, buf, 0, buf.length, offset);
      offset = size;
      options.onText(decoder.write(buf));
    }
    // Another file at the path now (a rotation): what the old one held is read; the new one from its start.
    let replaced: boolean;
    try {
      replaced = statSync(path).ino !== fstatSync(fd).ino;
    } catch {
      replaced = false; // renamed away and nothing new yet: keep reading the old one
    }
    if (replaced) {
      closeSync(fd);
      fd = undefined;
      offset = 0;
      decoder = new StringDecoder('utf8');
      drain();
    }
  };
  let wake: (() => void) | undefined;
  let watcher: ReturnType<typeof watch> | undefined;
  try {
    watcher = watch(path, () => wake?.());
  } catch {
    // the file may not exist yet; polling covers it
  }
  let stop = false;
  const onSignal = () => {
    stop = true;
    wake?.();
  };
  process.once('SIGINT', onSignal);
  try {
    while (!stop) {
      drain();
      if (await options.done()) {
        drain();
        break;
      }
      // Not unref'd: with no watcher (the file is not there yet) this timer is all that keeps the
      // process waiting; without it Node ended the follow at once, with exit code 13.
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, 500);
      });
      clearTimeout(timer);
    }
  } finally {
    watcher?.close();
    if (fd !== undefined) closeSync(fd);
    process.off('SIGINT', onSignal);
  }
}
