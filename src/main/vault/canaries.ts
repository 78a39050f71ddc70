import { createHash } from 'node:crypto'
import type { CredentialRef } from '../../shared/events'
import type { FetchKind } from '../../shared/providers'
import type { Redactor } from '../trace/redactor'

export interface CanaryInfo {
  /** The world user (or `sa:<ns>/<name>`, `project:<name>`) the value belongs to. */
  owner: string
  slot: FetchKind | 'bearer'
  field: string
}

/** The hash prefix that names a secret in evidence, reports and SQLite. */
export function fingerprint(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 10)
}

/**
 * The fingerprint map: every secret of the run (seeded canaries, refreshed tokens, bearer and
 * BOT tokens) with its owner, so any value seen anywhere maps back to whose it is. Values stay in
 * memory; everything that leaves this class is a CredentialRef.
 */
export class CanaryRegistry {
  private readonly byValue = new Map<string, CredentialRef>()
  /** When short-lived tokens (GitHub App installation tokens) stop working, so a fake provider can refuse them. */
  private readonly expiries = new Map<string, number>()

  constructor(private readonly redactor: Redactor) {}

  register(value: string, info: CanaryInfo): CredentialRef {
    const existing = this.byValue.get(value)
    if (existing) return existing
    const ref: CredentialRef = { ...info, fingerprint: fingerprint(value), length: value.length }
    this.byValue.set(value, ref)
    this.redactor.add(value)
    return ref
  }

  setExpiry(value: string, at: number): void {
    this.expiries.set(value, at)
  }

  /** When the value stops working, or null when it does not expire. */
  expiryOf(value: string): number | null {
    return this.expiries.get(value) ?? null
  }

  refOf(value: string): CredentialRef | null {
    return this.byValue.get(value) ?? null
  }

  /** Every registered secret that occurs in the text, in order of appearance. */
  scan(text: string): CredentialRef[] {
    const found: CredentialRef[] = []
    for (const { value } of this.redactor.find(text)) {
      const ref = this.byValue.get(value)
      if (ref) found.push(ref)
    }
    return found
  }

  /** Whose is this value: an exact match, else the secrets it contains. */
  whose(value: string): CredentialRef[] {
    const exact = this.refOf(value)
    return exact ? [exact] : this.scan(value)
  }

  /** Every secret value with its ref; for the leak detector's byte scans only. */
  entries(): Array<[string, CredentialRef]> {
    return [...this.byValue]
  }

  refs(): CredentialRef[] {
    return [...this.byValue.values()]
  }
}
