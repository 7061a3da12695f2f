// Who asked for a control request: shown in its control.request event.

import { userInfo } from 'node:os';

export function requester(): string {
  const actor = process.env.GITHUB_ACTOR;
  if (actor) return `github:${actor}`;
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}
