import { parse, stringify } from 'yaml'
import { HOSTS } from '../net/hosts'

/**
 * A kubeconfig credential as a user stores it in the api-server (provider `kubeconfig`,
 * docs/platform/control-plane.md#kubeconfig-and-google-bindings): one cluster, the simulated
 * API server, and one user with a bearer token.
 */
export function kubeconfigYaml(user: string, token: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'ambient', cluster: { server: `https://${HOSTS.kubeApi}` } }],
    users: [{ name: user, user: { token } }],
    contexts: [{ name: 'ambient', context: { cluster: 'ambient', user } }],
    'current-context': 'ambient'
  })
}

/** The bearer token of a kubeconfig's current context, as kubectl finds it; '' when the text is no such kubeconfig. */
export function kubeconfigToken(text: string): string {
  let config: unknown
  try {
    config = parse(text)
  } catch {
    return ''
  }
  if (typeof config !== 'object' || config === null) return ''
  const { contexts, users, 'current-context': current } = config as { contexts?: unknown; users?: unknown; 'current-context'?: unknown }
  const context = listOf(contexts).find((c) => c.name === current)?.context as { user?: unknown } | undefined
  const user = listOf(users).find((u) => u.name === context?.user)?.user as { token?: unknown } | undefined
  return typeof user?.token === 'string' ? user.token : ''
}

function listOf(value: unknown): Array<Record<string, unknown>> {
  return Array.isArray(value) ? value.filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null) : []
}
