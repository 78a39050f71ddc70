import { API_SERVER_URL, CP_TOKEN_URL } from '../net/hosts'
import type { ControlPlane } from './control-plane'

/**
 * What the control plane's reconciler puts in a runner pod's env besides the basics (`buildEnv`,
 * docs/platform/control-plane.md#the-runner-pod): its session id, the api-server as
 * BACKEND_API_URL, the token server and its public key, the gRPC settings, and CREDENTIAL_IDS
 * when bindings resolved to credentials (credscope injects no credential sidecars).
 */
export function controlPlaneEnv(cp: ControlPlane, session: string): Array<[string, string]> {
  const ids = cp.credentialIds.get(session) ?? {}
  return [
    ['SESSION_ID', cp.sessionIds.get(session) ?? ''],
    ['BACKEND_API_URL', API_SERVER_URL],
    ['AMBIENT_CP_TOKEN_URL', CP_TOKEN_URL],
    ['AMBIENT_CP_TOKEN_PUBLIC_KEY', cp.publicKeyPem],
    ['AMBIENT_GRPC_URL', 'ambient-api-server:9000'],
    ['AMBIENT_GRPC_ENABLED', 'true'],
    ...(Object.keys(ids).length > 0 ? [['CREDENTIAL_IDS', JSON.stringify(ids)] as [string, string]] : [])
  ]
}
