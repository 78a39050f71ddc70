import type { FlawId } from '../../shared/flaw-ids'
import type { CredentialSlot } from '../../shared/providers'

/** What `/world` tells a reviewer: every principal with the token to act as it. */
export interface WorldView {
  runId: string
  profile: string
  flaws: FlawId[]
  vault: { backend: 'keychain' | 'memory'; service: string }
  now: string
  urls: { frontDoor: string; backend: string }
  users: Array<{
    id: string
    name: string
    email: string
    username: string
    userID: string
    token: string
    tokenExpiresAt: string | null
    credentials: Array<{ slot: CredentialSlot; masked: string; fingerprint: string }>
  }>
  projects: Array<{ name: string; members: Record<string, string> }>
  sessions: Array<{
    project: string
    name: string
    owner: string
    ownerUserID: string
    sharedWith: Record<string, string>
    runner: string
    phase: string
    serviceAccount: string
    annotations: Record<string, string>
    botToken: string
    runnerUrl: string
    runnerClusterUrl: string
    env: Record<string, string>
  }>
  apiKeys: Array<{ project: string; name: string; creator: string; role: string; serviceAccount: string; token: string }>
  serviceAccounts: Array<{ project: string; name: string; role: string; annotations: Record<string, string>; token: string }>
  schedules: Array<{ project: string; name: string; session: string }>
}
