import { generateKeyPairSync, type KeyObject } from 'node:crypto'
import type { Random } from '../sim/random'
import type { CanaryRegistry } from '../vault/canaries'
import { SessionMessages } from './session-messages'

/** The providers a control-plane credential binding can name in credscope's worlds. */
export const CP_PROVIDERS = ['github', 'gitlab', 'jira', 'kubeconfig', 'google'] as const
export type CpProvider = (typeof CP_PROVIDERS)[number]

/**
 * The control plane's credential sidecars (`credentialSidecarRegistry`, 720c8d7b1) for the providers
 * credscope's bindings name: each a container of the runner pod on its own port
 * (docs/platform/control-plane.md#credential-sidecars). GitLab has none.
 */
export const CREDENTIAL_SIDECARS = {
  github: { name: 'credential-github', port: 8091 },
  jira: { name: 'credential-jira', port: 8092 },
  kubeconfig: { name: 'credential-k8s', port: 8093 },
  google: { name: 'credential-google', port: 8094 }
} as const
export type SidecarProvider = keyof typeof CREDENTIAL_SIDECARS

function isSidecarProvider(provider: string): provider is SidecarProvider {
  return provider in CREDENTIAL_SIDECARS
}

/**
 * A credential in the api-server's database: its provider and the user who created it
 * (`credential:owner`). A kubeconfig's token lives only there (`value`); the others are what the
 * creator keeps in the keychain for the provider.
 */
export interface CpCredential {
  id: string
  provider: CpProvider
  owner: string
  value?: string
}

/**
 * The ambient control plane's state (docs/platform/control-plane.md): the token server's RSA key
 * pair, the API token it hands out, the api-server's credentials, and the id and credential ids
 * of each session it created, and its sessions' messages. A world without control-plane sessions has none of it.
 */
export class ControlPlane {
  readonly publicKeyPem: string
  readonly privateKey: KeyObject
  /** The control plane's own API token: a service caller, global in the api-server's RBAC. */
  readonly apiToken: string
  readonly credentials = new Map<string, CpCredential>()
  /** `<project>/<session>` → the session's id in the control plane (SESSION_ID). */
  readonly sessionIds = new Map<string, string>()
  /** `<project>/<session>` → provider → credential id (CREDENTIAL_IDS). */
  readonly credentialIds = new Map<string, Partial<Record<CpProvider, string>>>()
  /** `<project>/<session>` of the sessions whose pods the control plane gives credential sidecars. */
  readonly sidecarSessions = new Set<string>()
  /** Hardened: tokens the token server minted for one session, by token. */
  readonly sessionTokens = new Map<string, string>()
  /** The api-server's session messages, which a runner's gRPC listener watches. */
  readonly messages = new SessionMessages()

  constructor(
    private readonly random: Random,
    private readonly registry: CanaryRegistry
  ) {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    this.publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString()
    this.privateKey = privateKey
    this.apiToken = serviceJwt(random.fork('control-plane').string(43), 'ambient-control-plane')
    registry.register(this.apiToken, { owner: 'platform:control-plane', slot: 'bearer', field: 'API token' })
  }

  /**
   * A session the control plane created, with the credential each provider's binding resolves to
   * (`resolveCredentialIDs`): one credential per provider for the whole session, whoever sends.
   */
  addSession(key: string, bindings: Partial<Record<CpProvider, string>>, sidecars = false): void {
    const random = this.random.fork(`cp-session ${key}`)
    this.sessionIds.set(key, random.uuid())
    const ids: Partial<Record<CpProvider, string>> = {}
    for (const provider of CP_PROVIDERS) {
      const owner = bindings[provider]
      if (!owner) continue
      const existing = [...this.credentials.values()].find((c) => c.provider === provider && c.owner === owner)
      // Readable ids (the api-server's are KSUIDs): a reviewer can name a credential in a request.
      const credential = existing ?? { id: `cred-${owner}-${provider}`, provider, owner }
      this.credentials.set(credential.id, credential)
      ids[provider] = credential.id
    }
    this.credentialIds.set(key, ids)
    if (sidecars) this.sidecarSessions.add(key)
  }

  /** The bound credentials that get a sidecar in the session's pod: none when the control plane injects no sidecars. */
  sidecarCredentials(key: string): Partial<Record<SidecarProvider, string>> {
    if (!this.sidecarSessions.has(key)) return {}
    return Object.fromEntries(Object.entries(this.credentialIds.get(key) ?? {}).filter(([provider]) => isSidecarProvider(provider)))
  }

  /** Hardened: a token that reads the credentials bound to one session only. */
  mintSessionToken(session: string): string {
    const token = serviceJwt(this.random.fork(`cp-token ${session} ${this.sessionTokens.size}`).string(43), `session ${session}`)
    this.registry.register(token, { owner: 'platform:control-plane', slot: 'bearer', field: `token for ${session}` })
    this.sessionTokens.set(token, session)
    return token
  }

  sessionOf(id: string): string | null {
    return [...this.sessionIds].find(([, sessionId]) => sessionId === id)?.[0] ?? null
  }
}

/** A token shaped as the control plane's OIDC tokens are: a JWT (its signature simulated). */
function serviceJwt(signature: string, subject: string): string {
  const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url')
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ iss: 'ambient-control-plane', sub: subject })}.${signature}`
}
