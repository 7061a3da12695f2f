// A task's spec as the ledger stores it: the validated manifest entry with its prompt read in, so
// the ledger alone can run, show or retry a task. The hash tells when a manifest edit changed it.

import { createHash } from 'node:crypto';
import type { TaskSpec } from '../core/manifest.js';
import type { NewTask } from './ledger.js';

export type StoredSpec = Omit<TaskSpec, 'prompt_file'> & { prompt: string };

export function storedSpec(spec: TaskSpec, prompt: string): StoredSpec {
  const { prompt_file: _promptFile, ...rest } = spec;
  return { ...rest, prompt };
}

export function newTask(spec: TaskSpec, prompt: string): NewTask {
  const stored = storedSpec(spec, prompt);
  return { name: stored.name, spec: stored, specHash: sha256(JSON.stringify(stored)) };
}

export function sha256(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}
