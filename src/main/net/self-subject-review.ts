import type { Hop } from '../../shared/events'
import type { HopContext } from '../sim/hop-context'
import { callHop } from './hop-client'
import { HOSTS } from './hosts'

/** Whom the API server says a token is, or the status it refused it with. */
export type SelfSubject = { ok: true; username: string } | { ok: false; status: number }

/**
 * `kubectl auth whoami`: a SelfSubjectReview with the token, answered by the simulated API
 * server's authenticator (docs/platform/control-plane.md#kubeconfig-and-google-bindings).
 */
export async function selfSubjectReview(sim: HopContext, from: Hop, token: string): Promise<SelfSubject> {
  const body = JSON.stringify({ kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1' })
  const url = `https://${HOSTS.kubeApi}/apis/authentication.k8s.io/v1/selfsubjectreviews`
  const answer = await callHop(sim, from, 'kube', { method: 'POST', url, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body })
  if (answer.status !== 201) return { ok: false, status: answer.status }
  const username = (JSON.parse(answer.body) as { status?: { userInfo?: { username?: unknown } } }).status?.userInfo?.username
  return typeof username === 'string' ? { ok: true, username } : { ok: false, status: answer.status }
}
