import type { ServerResponse } from 'node:http'
import type { HopContext } from '../sim/hop-context'
import { bearerValue } from '../net/bearer'
import { HOSTS } from '../net/hosts'
import { Router } from '../net/router'
import { listen, type Listener } from '../net/server'
import { KubeError, type KubeReason } from '../world/cluster'

const SECRET = '/api/v1/namespaces/:namespace/secrets/:name'
const SECRETS = '/api/v1/namespaces/:namespace/secrets'
const SELF_SUBJECT_REVIEWS = '/apis/authentication.k8s.io/v1/selfsubjectreviews'
const CODES: Record<Exclude<KubeReason, 'InternalError'>, number> = { Unauthorized: 401, Forbidden: 403, NotFound: 404 }

/**
 * The Kubernetes API server's REST surface, as far as a pod in the cluster can reach it: `GET` of
 * one Secret and of a namespace's Secrets, authenticated by the bearer token and authorized by the
 * simulated cluster's RBAC (docs/platform/operator.md#the-session-role), and the SelfSubjectReview
 * `kubectl auth whoami` creates. It answers as the real server does: the object, or a `Status`
 * with 401, 403 or 404. Any other path is 404, and a write to the Secrets is 405: credscope's API
 * server serves reads only.
 */
export async function startKubeApiServer(sim: HopContext): Promise<Listener> {
  const router = new Router()
    .get(SECRET, (req, res) => {
      const { namespace = '', name = '' } = req.params
      answer(res, { name, kind: 'secrets' }, () => {
        const data = sim.cluster.getSecretAs(bearerValue(req.header('authorization')), namespace, name)
        return { kind: 'Secret', apiVersion: 'v1', ...secretObject(sim, namespace, name, data) }
      })
    })
    .get(SECRETS, (req, res) => {
      const { namespace = '' } = req.params
      answer(res, { kind: 'secrets' }, () => {
        const secrets = sim.cluster.listSecretsAs(bearerValue(req.header('authorization')), namespace)
        const items = [...secrets].map(([name, data]) => secretObject(sim, namespace, name, data))
        return { kind: 'SecretList', apiVersion: 'v1', metadata: { resourceVersion: '' }, items }
      })
    })
    .post(SELF_SUBJECT_REVIEWS, (req, res) => {
      answer(res, {}, () => {
        const token = bearerValue(req.header('authorization'))
        const username = sim.cluster.selfSubjectReview(token)
        const subject = sim.cluster.authenticate(token)
        const userInfo = { username, groups: subject ? sim.cluster.groupsOf(subject) : [] }
        return { kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1', metadata: { creationTimestamp: null }, status: { userInfo } }
      }, 201)
    })
  for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
    for (const path of [SECRET, SECRETS]) {
      router.add(method, path, (_req, res) => sendStatus(res, 405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {}))
    }
  }
  const listener = await listen('kube-apiserver', async (raw, res) => {
    const matched = router.match(raw)
    if (matched) return matched.handler(matched.req, res)
    sendStatus(res, 404, 'NotFound', 'the server could not find the requested resource', {})
  })
  sim.net.register(HOSTS.kubeApi, HOSTS.kubeApiPort, listener.port)
  return listener
}

/** Runs a read and answers with its object, or with the Status of the KubeError it threw. */
function answer(res: ServerResponse, details: Record<string, string>, read: () => unknown, status = 200): void {
  try {
    sendObject(res, status, read())
  } catch (error) {
    if (!(error instanceof KubeError) || error.reason === 'InternalError') throw error
    // A client that does not authenticate is told nothing about the object.
    sendStatus(res, CODES[error.reason], error.reason, error.message, error.reason === 'Unauthorized' ? null : details)
  }
}

/**
 * A Secret as the API returns it, its values in base64. A known secret stays known in that form:
 * its encoding is registered with the same owner before it leaves, so the trace and every report
 * mask it and name whose it is.
 */
function secretObject(sim: HopContext, namespace: string, name: string, data: Record<string, string>): Record<string, unknown> {
  const encoded: Record<string, string> = {}
  for (const [key, value] of Object.entries(data)) {
    encoded[key] = Buffer.from(value, 'utf8').toString('base64')
    const ref = sim.registry.whose(value)[0]
    if (ref) sim.registry.register(encoded[key], { owner: ref.owner, slot: ref.slot, field: `${ref.field} (base64)` })
  }
  return { metadata: { name, namespace }, data: encoded, type: 'Opaque' }
}

function sendStatus(res: ServerResponse, code: number, reason: string, message: string, details: Record<string, string> | null): void {
  sendObject(res, code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code })
}

function sendObject(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) })
  res.end(text)
}
