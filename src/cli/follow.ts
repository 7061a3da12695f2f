// Follow a growing file (`logs --follow`, `events --follow`): print what is there, then what is
// appended, until `done()` says so or the user interrupts. A reader, so a short poll is fine here:
// fs.watch alone misses appends on some file systems.

import { closeSync, openSync, readSync, statSync, watch } from 'node:fs';

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
  const drain = () => {
    let size: number;
    try {
      size = statSync(path).size;
    } catch {
      return;
    }
    if (size < offset) {
      offset = size;
      options.onCut?.();
    }
    if (size === offset) return;
    const fd = openSync(path, 'r');
    try {
      const buf = Buffer.alloc(size - offset);
      readSync(fd, buf, 0, buf.length, offset);
      offset = size;
      options.onText(buf.toString('utf8'));
    } finally {
      closeSync(fd);
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
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 500).unref();
      });
    }
  } finally {
    watcher?.close();
    process.off('SIGINT', onSignal);
  }
}
