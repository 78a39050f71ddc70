import { API_SERVER_URL, CP_TOKEN_URL } from '../net/hosts'
import { CREDENTIAL_SIDECARS, type ControlPlane, type SidecarProvider } from './control-plane'

/**
 * What the control plane's reconciler puts in a runner pod's env besides the basics (`buildEnv`,
 * docs/platform/control-plane.md#the-runner-pod): its session id, the api-server as
 * BACKEND_API_URL, the token server and its public key, the gRPC settings; then, when any bound
 * credential got a sidecar, CREDENTIAL_MCP_URLS and CREDENTIAL_SIDECAR_MODE and **no**
 * CREDENTIAL_IDS (a binding without a sidecar, GitLab's, reaches nothing), else CREDENTIAL_IDS
 * when bindings resolved to credentials (docs/platform/control-plane.md#credential-sidecars).
 */
export function controlPlaneEnv(cp: ControlPlane, session: string): Array<[string, string]> {
  const ids = cp.credentialIds.get(session) ?? {}
  const sidecars = Object.keys(cp.sidecarCredentials(session)) as SidecarProvider[]
  // Go's json.Marshal of a map: keys sorted.
  const urls = Object.fromEntries(sidecars.sort().map((provider) => [provider, `http://localhost:${CREDENTIAL_SIDECARS[provider].port}`]))
  const credentials: Array<[string, string]> =
    sidecars.length > 0
      ? [
          ['CREDENTIAL_MCP_URLS', JSON.stringify(urls)],
          ['CREDENTIAL_SIDECAR_MODE', 'true']
        ]
      : Object.keys(ids).length > 0
        ? [['CREDENTIAL_IDS', JSON.stringify(ids)]]
        : []
  return [
    ['SESSION_ID', cp.sessionIds.get(session) ?? ''],
    ['BACKEND_API_URL', API_SERVER_URL],
    ['AMBIENT_CP_TOKEN_URL', CP_TOKEN_URL],
    ['AMBIENT_CP_TOKEN_PUBLIC_KEY', cp.publicKeyPem],
    ['AMBIENT_GRPC_URL', 'ambient-api-server:9000'],
    ['AMBIENT_GRPC_ENABLED', 'true'],
    ...credentials
  ]
}
