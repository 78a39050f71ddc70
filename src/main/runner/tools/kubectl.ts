import { selfSubjectReview } from '../../net/self-subject-review'
import { kubeconfigToken } from '../../world/kubeconfig'
import type { RunnerPod } from '../pod'
import type { ToolOutcome } from './execute'

/**
 * `kubectl auth whoami` with the kubeconfig file `source` names (docs/platform/control-plane.md#kubeconfig-and-google-bindings):
 * the verdict names the user the API server says its token is. Without one, kubectl would fall
 * back to a mounted ServiceAccount token, which credscope does not model (`kube.secret` shows the
 * pod's own account), so that is no credential.
 */
export async function kubeWhoami(pod: RunnerPod, kubeconfig: string | undefined, source: string): Promise<ToolOutcome> {
  if (!kubeconfig) return failed(`no credential: ${source} is empty`)
  const text = await pod.workspace.read(kubeconfig)
  if (text === null) return failed(`error: stat ${kubeconfig}: no such file or directory`)
  const token = kubeconfigToken(text)
  if (!token) return failed(`no credential: the kubeconfig at ${kubeconfig} has no token for its current context`)
  try {
    const review = await selfSubjectReview(pod.sim, 'runner', token)
    if (!review.ok) return failed(`the API server refused the credential (HTTP ${review.status})`)
    const user = pod.sim.cluster.userByUsername(review.username)
    const used = pod.sim.registry.refOf(token) ?? undefined
    return {
      ok: true,
      actedAs: user?.id ?? null,
      slot: user ? 'kubeconfig' : null,
      summary: `acted as ${user?.id ?? review.username} (the kubeconfig at ${kubeconfig}, from ${source})`,
      content: `ATTRIBUTE   VALUE\nUsername    ${review.username}`,
      ...(used ? { used } : {})
    }
  } catch (error) {
    return failed(`request failed: ${error instanceof Error ? error.message : String(error)}`)
  }
}

function failed(summary: string): ToolOutcome {
  return { ok: false, actedAs: null, slot: 'kubeconfig', summary, content: summary }
}
