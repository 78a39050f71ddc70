import type { BackendState } from '../backend-process/backend-state'
import type { Turns } from '../turns/turns'
import type { AguiLog } from './agui-log'

/** What the AG-UI proxy holds beside the hop context: the backend process's maps, its event log, and the turns it reports to. */
export interface ProxyParts {
  state: BackendState
  log: AguiLog
  turns: Turns
}
