// Preload (NODE_OPTIONS=--import): the first fs.watch() a process makes errors 200 ms after it
// starts, as a watcher can (an inotify failure); later ones work as usual.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const original = fs.watch;
let calls = 0;
fs.watch = function (...args) {
  const watcher = original.apply(this, args);
  if (++calls === 1) setTimeout(() => watcher.emit('error', Object.assign(new Error('simulated'), { code: 'EPERM' })), 200);
  return watcher;
};
syncBuiltinESMExports();
