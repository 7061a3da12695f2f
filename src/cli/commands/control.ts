// `cancel`, `approve`, `retry`, `drain`, `undrain`: applied now, or queued for a running supervisor.

import { deliver } from '../../runtime/control.js';
import { msFromEnv } from '../../runtime/env.js';
import type { ControlRequest } from '../../runtime/inbox.js';
import { warn } from '../settings.js';

const DONE_WORDS: Record<ControlRequest['request'], string> = {
  cancel: 'cancelled',
  approve: 'approved (DONE)',
  retry: 'set READY for another try',
  drain: 'drained: no new task will start; running work finishes',
  undrain: 'undrained: dispatch resumes',
  submit: 'submitted',
};

export async function controlCommand(stateDir: string, request: ControlRequest, options: { create?: boolean } = {}): Promise<number> {
  const result = await deliver(stateDir, request, { create: options.create, warn, waitMs: msFromEnv(process.env, 'OVERSEER_LOCK_WAIT_MS') });
  const subject = 'task_id' in request ? `${request.task_id}: ` : '';
  if (result.mode === 'applied') {
    console.log(`${subject}${DONE_WORDS[request.request]}`);
    if (result.stopped !== undefined) {
      console.log(`${subject}its agent (pid ${result.stopped}), left running by a supervisor that died, was sent SIGTERM; the next \`overseer run\` makes sure it has ended`);
    }
  } else {
    const who = result.pid === null ? 'the running supervisor' : `the supervisor (pid ${result.pid})`;
    console.log(`${subject}${request.request} queued for ${who}; it applies on its next tick (${result.path})`);
  }
  return 0;
}
