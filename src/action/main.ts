// The action's main step. Thin: read inputs, call the engine the CLI uses, map errors to setFailed.
// Built so far: modes `validate` and `dry-run` (validate and plan). Mode `run` arrives with the
// engine and reports that it is not built yet.

import * as core from '@actions/core';
import { UserError } from '../core/errors.js';
import { resolveAgent } from '../core/manifest.js';
import { buildPlan } from '../core/plan.js';
import { formatDiagnostic, loadManifest, ManifestError } from '../manifest/load.js';

async function run(): Promise<void> {
  const file = core.getInput('tasks') || 'tasks.toml';
  const mode = core.getInput('mode') || 'run';
  if (!['run', 'dry-run', 'validate'].includes(mode)) {
    throw new UserError(`input mode: "${mode}" is not one of run, dry-run, validate`, 2);
  }
  const { manifest } = loadManifest(file);
  core.info(`${file}: valid (${manifest.task.length} tasks)`);
  if (mode === 'validate') return;
  if (mode === 'run') throw new UserError('mode "run" is not built yet in this version; use mode "dry-run" or "validate"', 2);
  const plan = buildPlan(manifest.task.map((t) => ({ name: t.name, dependsOn: t.depends_on })));
  for (const [i, wave] of plan.waves.entries()) {
    core.info(`wave ${i + 1}: ${wave.map((n) => `${n} (${resolveAgent(manifest, manifest.task.find((t) => t.name === n)!)})`).join(', ')}`);
  }
  core.info(`critical path: ${plan.criticalPath.path.join(' -> ')}`);
}

try {
  await run();
} catch (err) {
  if (err instanceof ManifestError) {
    for (const d of err.diagnostics) core.error(d.message, { file: d.file, startLine: d.line, startColumn: d.col });
    core.setFailed(`${err.diagnostics.length} problem(s) in the manifest:\n${err.diagnostics.map(formatDiagnostic).join('\n')}`);
  } else if (err instanceof UserError) {
    core.setFailed(err.message);
  } else {
    core.setFailed(`internal error (a bug): ${(err as Error)?.stack ?? String(err)}`);
  }
}
