// The version reported by `--version` and in run.started events.
export const VERSION = '0.1.0';
