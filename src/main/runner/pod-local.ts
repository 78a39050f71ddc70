import type { Hop } from '../../shared/events'
import { runnerHost } from '../net/hosts'
import type { RunnerPod } from './pod'

/** The runner pod's own name on the cluster network: what `localhost` means to a process in it. */
export function podHost(pod: RunnerPod): string {
  return runnerHost(pod.project, pod.session)
}

/** Which hop a remote MCP server is: the pod's own credential sidecars (localhost) are the control plane's; any other is a provider. */
export function hopOfServer(url: string): Hop {
  const host = URL.canParse(url) ? new URL(url).hostname.toLowerCase() : ''
  return host === 'localhost' || host === '127.0.0.1' ? 'control-plane' : 'provider'
}
