#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);

// src/cli/follow.ts
import { closeSync, fstatSync, openSync, readSync, statSync, watch } from "node:fs";
import { StringDecoder } from "node:string_decoder";
async function follow(path, options) {
  let offset = options.from;
  let decoder = new StringDecoder("utf8");
  let fd;
  const drain = () => {
    if (fd === void 0) {
      try {
        fd = openSync(path, "r");
      } catch {
        return;
      }
    }
    const size = fstatSync(fd).size;
    if (size < offset) {
      offset = size;
      decoder = new StringDecoder("utf8");
      options.onCut?.();
    }
    if (size > offset) {
      const buf = Buffer.alloc(size - offset);
      readSync(fd, buf, 0, buf.length, offset);
      offset = size;
      options.onText(decoder.write(buf));
    }
    let replaced;
    try {
      replaced = statSync(path).ino !== fstatSync(fd).ino;
    } catch {
      replaced = false;
    }
    if (replaced) {
      closeSync(fd);
      fd = void 0;
      offset = 0;
      decoder = new StringDecoder("utf8");
      drain();
    }
  };
  let wake;
  let watcher;
  try {
    watcher = watch(path, () => wake?.());
  } catch {
  }
  let stop = false;
  const onSignal = () => {
    stop = true;
    wake?.();
  };
  process.once("SIGINT", onSignal);
  try {
    while (!stop) {
      drain();
      if (await options.done()) {
        drain();
        break;
      }
      let timer;
      await new Promise((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, 500);
      });
      clearTimeout(timer);
    }
  } finally {
    watcher?.close();
    if (fd !== void 0) closeSync(fd);
    process.off("SIGINT", onSignal);
  }
}

export {
  follow
};
