import type { LeakFinding } from '../../shared/events'
import { endOfRunHoldingFindings, leftoverDeliveryFindings, leftoverLineFindings, leftoverLingeringFindings, recordFileFinding } from '../ledger/leak-detector'
import { secretsInFile } from '../ledger/record-scan'
import type { Runner } from '../runner/runner'
import type { Store } from '../store/store'
import type { Turns } from '../turns/turns'
import type { HopContext } from '../sim/hop-context'

/**
 * The leak detector's end-of-run look: stray log lines and custom MCP deliveries, the cleaned sinks of every runner (except
 * those whose turns were cut short by the stop: their cleanup never ran), and the run's record files.
 */
export async function endOfRunFindings(sim: HopContext, turns: Turns, runners: Iterable<Runner>, store: Store | null, cutShort: ReadonlySet<string>): Promise<LeakFinding[]> {
  const found = [...leftoverLineFindings(turns.takeLeftoverLines()), ...leftoverDeliveryFindings(turns.takeLeftoverDeliveries()), ...leftoverLingeringFindings(turns.takeLeftoverLingering())]
  for (const runner of runners) {
    const name = `${runner.project}/${runner.session}`
    if (cutShort.has(name)) sim.trace.emit('harness', { kind: 'note', text: `End-of-run check skipped the runner of ${name}: credscope stopped during one of its turns, so its cleanup never ran.` }, null)
    else found.push(...endOfRunHoldingFindings(name, await runner.holdings()))
  }
  store?.flush()
  const storePath = store?.path
  if (storePath && storePath !== ':memory:') {
    for (const path of [storePath, `${storePath}-wal`]) {
      const file = path.split(/[\\/]/).pop() ?? path
      for (const ref of await secretsInFile(path, (text) => sim.registry.scan(text))) found.push(recordFileFinding('store', file, ref))
    }
  }
  return found
}
