import { appStore, useApp } from '../../store/app-store'
import { toRequest } from '../../components/flaw-config'
import { readAgain } from '../../components/opened-files'
import type { ScenarioChoice } from '../../store/types'
import { scenarioInput, seedInput } from './scenario-form'

/**
 * Run and diff the chosen scenario with the form's configs. A failure (bad YAML, an unknown flaw)
 * is moved from the app-wide banner to the Scenarios view, next to what caused it.
 */
export function useScenarioActions(): { run: () => Promise<void>; diff: () => Promise<void>; openTurn: (runId: string, turn: string) => Promise<void> } {
  const runScenario = useApp((s) => s.runScenario)
  const diffScenario = useApp((s) => s.diffScenario)
  const setError = useApp((s) => s.setError)
  const viewRun = useApp((s) => s.viewRun)
  const selectTurn = useApp((s) => s.selectTurn)
  const setView = useApp((s) => s.setView)
  const setForm = useApp((s) => s.setScenarioForm)

  const capture = async (call: () => Promise<unknown>): Promise<void> => {
    setForm({ runError: null })
    setError(null)
    if ((await call()) !== null) return
    const error = appStore.getState().error
    if (error) {
      setForm({ runError: error })
      setError(null)
    }
  }

  /** The choice to run: an opened file is read from disk again, so an edit there is what runs. */
  const current = async (): Promise<ScenarioChoice | null> => {
    const { choice } = appStore.getState().scenarioForm
    if (choice?.kind !== 'opened') return choice
    const again = await readAgain(choice.name)
    if (again === null) return choice
    if ('error' in again) {
      setForm({ runError: again.error })
      return null
    }
    if (again.text === choice.source) return choice
    const fresh: ScenarioChoice = { ...choice, source: again.text }
    setForm({ choice: fresh })
    return fresh
  }

  return {
    run: async () => {
      const choice = await current()
      const { config, seed } = appStore.getState().scenarioForm
      if (!choice) return
      await capture(() => runScenario({ scenario: scenarioInput(choice), config: toRequest(config), ...seedInput(seed) }))
    },
    diff: async () => {
      const choice = await current()
      const { a, b, seed } = appStore.getState().scenarioForm
      if (!choice) return
      await capture(() => diffScenario({ scenario: scenarioInput(choice), a: toRequest(a), b: toRequest(b), ...seedInput(seed) }))
    },
    openTurn: async (runId, turn) => {
      await viewRun(runId, false)
      setView('session')
      await selectTurn(turn)
    }
  }
}
