import type { CredentialRef } from '../../../shared/events'
import type { HopContext } from '../../sim/hop-context'

/** Names whose secrets a text holds: `alice's github token`. */
export function describeRef(ref: CredentialRef): string {
  const what = ref.slot === 'bearer' ? (ref.field === 'run-token' ? 'run-bound token' : 'bearer token') : `${ref.slot} ${ref.field}`
  return `${ref.owner}'s ${what}`
}

/** The text with secrets masked, followed by whose they are, for what the agent shows the user. */
export function maskAndAttribute(sim: HopContext, text: string): string {
  const refs = sim.registry.scan(text)
  const masked = sim.redactor.redact(text)
  if (refs.length === 0) return masked
  const owners = [...new Set(refs.map(describeRef))]
  return `${masked}\n[credscope: contains ${owners.join(', ')}]`
}
