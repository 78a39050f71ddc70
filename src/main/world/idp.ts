import { generateKeyPair, jwtVerify, SignJWT, type CryptoKey } from 'jose'
import type { Clock } from '../sim/clock'
import type { Random } from '../sim/random'
import type { UserRecord } from './cluster'

/** The OIDC issuer of an SSO world (docs/platform/identity.md#sso-mode-at-head). */
export const SSO_ISSUER = 'https://sso.example.com/realms/ambient'
/** `SSO_AUDIENCE`: the backend accepts tokens minted for it. */
export const SSO_AUDIENCE = 'ambient-code'
/** The access JWT lives five minutes (fb5b57c31's description). */
export const SSO_TOKEN_LIFETIME_MS = 5 * 60_000

/** The claims the backend reads from a validated JWT. */
export interface SsoClaims {
  sub: string
  preferred_username: string
  email: string
  groups: string[]
}

interface Issued {
  token: string
  userId: string
  expiresAt: number
}

export type Validation = { ok: true; claims: SsoClaims } | { ok: false; error: string }

/**
 * The identity provider of an SSO world: it signs short-lived access JWTs for the world's users,
 * and validates them as the backend's JWT validator does, offline against its key. A JWT cannot
 * be revoked: it is good until its `exp`.
 */
export class Idp {
  private keys: Promise<{ privateKey: CryptoKey; publicKey: CryptoKey }> | null = null
  private readonly issued: Issued[] = []
  private readonly subs = new Map<string, string>()

  constructor(
    private readonly clock: Clock,
    private readonly random: Random
  ) {}

  async issue(user: UserRecord, lifetimeMs = SSO_TOKEN_LIFETIME_MS): Promise<string> {
    const { privateKey } = await this.keyPair()
    const now = this.clock.now()
    const token = await new SignJWT({ preferred_username: user.username, email: user.email, groups: user.groups })
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: 'credscope-sso' })
      .setIssuer(SSO_ISSUER)
      .setAudience(SSO_AUDIENCE)
      .setSubject(this.subOf(user.id))
      .setIssuedAt(Math.floor(now / 1000))
      .setExpirationTime(Math.floor((now + lifetimeMs) / 1000))
      .sign(privateKey)
    this.issued.push({ token, userId: user.id, expiresAt: now + lifetimeMs })
    return token
  }

  /** Signature, issuer, audience and expiry, on the virtual clock. */
  async validate(token: string): Promise<Validation> {
    const { publicKey } = await this.keyPair()
    try {
      const { payload } = await jwtVerify(token, publicKey, { issuer: SSO_ISSUER, audience: SSO_AUDIENCE, currentDate: new Date(this.clock.now()), clockTolerance: 0 })
      const text = (value: unknown): string => (typeof value === 'string' ? value : '')
      const groups = Array.isArray(payload.groups) ? payload.groups.filter((g): g is string => typeof g === 'string') : []
      return { ok: true, claims: { sub: text(payload.sub), preferred_username: text(payload.preferred_username), email: text(payload.email), groups } }
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) }
    }
  }

  /** The user's newest JWT that has not expired, else the newest. */
  tokenOf(userId: string): string | null {
    const mine = this.issued.filter((t) => t.userId === userId)
    return (mine.filter((t) => this.clock.now() < t.expiresAt).at(-1) ?? mine.at(-1))?.token ?? null
  }

  /** The user's newest JWT and when it expires. */
  newest(userId: string): { token: string; expiresAt: number } | null {
    const last = this.issued.filter((t) => t.userId === userId).at(-1)
    return last ? { token: last.token, expiresAt: last.expiresAt } : null
  }

  /** Whose JWT this is, when this IdP issued it. */
  ownerOf(token: string): string | null {
    return this.issued.find((t) => t.token === token)?.userId ?? null
  }

  private subOf(userId: string): string {
    let sub = this.subs.get(userId)
    if (!sub) {
      sub = this.random.uuid()
      this.subs.set(userId, sub)
    }
    return sub
  }

  private keyPair(): Promise<{ privateKey: CryptoKey; publicKey: CryptoKey }> {
    this.keys ??= generateKeyPair('ES256')
    return this.keys
  }
}
