import type { CredentialRef } from '../../../shared/events'
import { type CredentialSlot, secretFields, type StoredCredential } from '../../../shared/providers'
import type { HopContext } from '../../sim/hop-context'

export function refsOf(sim: HopContext, cred: StoredCredential): CredentialRef[] {
  return secretFields(cred)
    .map(({ value }) => sim.registry.refOf(value))
    .filter((r): r is CredentialRef => r !== null)
}

export function emitServed(
  sim: HopContext,
  slot: CredentialSlot,
  owner: string,
  source: 'stored' | 'pat' | 'app' | 'project-token' | 'refreshed',
  refs: CredentialRef[]
): void {
  sim.trace.emit('backend', { kind: 'credential.served', slot, owner, source, credentials: refs })
}

export function emitMissing(sim: HopContext, slot: CredentialSlot, effective: string, status: number, reason: string): void {
  sim.trace.emit('backend', { kind: 'credential.missing', slot, effective, status, reason })
}
