// `overseer plan [file]`: what a run would do, without running: waves, critical path, a mermaid graph.

import { resolveAgent } from '../../core/manifest.js';
import { buildPlan } from '../../core/plan.js';
import { loadManifest } from '../../manifest/load.js';
import { plural, printJson, table } from '../output.js';

export function planCommand(file: string, options: { json?: boolean }): number {
  const { manifest } = loadManifest(file);
  const nodes = manifest.task.map((t) => ({ name: t.name, dependsOn: t.depends_on }));
  const plan = buildPlan(nodes);
  const tasks = manifest.task.map((t) => ({
    name: t.name,
    agent: resolveAgent(manifest, t),
    depends_on: t.depends_on,
    max_retries: t.max_retries,
    timeout_min: t.timeout_min,
    budget_usd: t.budget_usd ?? null,
    verifiers: t.verify.map((v) => (v.run !== undefined ? 'run' : v.brain !== undefined ? 'brain' : 'agent')),
  }));
  const byName = new Map(tasks.map((t) => [t.name, t]));
  if (options.json) {
    // The critical path as the dry run's plan has it: the task names in order, snake_case.
    const { criticalPath, ...rest } = plan;
    printJson({ file, max_concurrent: manifest.fleet.max_concurrent, budget_usd: manifest.fleet.budget_usd ?? null, tasks, ...rest, critical_path: criticalPath.path });
    return 0;
  }
  const budget = manifest.fleet.budget_usd === undefined ? 'no budget cap' : `budget $${manifest.fleet.budget_usd}`;
  console.log(`${file}: ${plural(tasks.length, 'task')} in ${plural(plan.waves.length, 'wave')}, max_concurrent ${manifest.fleet.max_concurrent}, ${budget}\n`);
  console.log(
    table(
      ['wave', 'task', 'agent', 'depends on', 'retries', 'timeout', 'verifiers'],
      plan.waves.flatMap((wave, w) =>
        wave.map((name) => {
          const t = byName.get(name)!;
          return [String(w + 1), name, t.agent, t.depends_on.join(', ') || '-', String(t.max_retries), t.timeout_min === 0 ? 'none' : `${t.timeout_min} min`, t.verifiers.join(', ') || '-'];
        }),
      ),
    ),
  );
  console.log(`\ncritical path (${plural(plan.criticalPath.length, 'task')}): ${plan.criticalPath.path.join(' -> ')}`);
  console.log(`\n\`\`\`mermaid\n${plan.mermaid}\n\`\`\``);
  return 0;
}
