import { HeldSecrets } from '../../src/main/runner/held-secrets'
import type { RunnerPod } from '../../src/main/runner/pod'
import type { Runner } from '../../src/main/runner/runner'

/**
 * The runner's modules seen through a pod of a running Runner, with the parts a test replaces
 * (its own context, an env copy, nothing installed yet) given explicitly.
 */
export function podOf(runner: Runner, parts: Partial<RunnerPod> & Pick<RunnerPod, 'context'>): RunnerPod {
  return {
    sim: runner.sim,
    project: runner.project,
    session: runner.session,
    env: runner.env,
    workspace: runner.workspace,
    installed: runner.installed,
    heldSecrets: new HeldSecrets(),
    background: runner.background,
    cpToken: runner.cpToken,
    log: (level, text) => runner.log(level, text),
    ...parts
  }
}
