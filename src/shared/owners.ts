/**
 * Owners that are the platform's own rather than a person's: session and API-key ServiceAccounts
 * (`sa:<ns>/<name>`) and platform secrets (`platform:…`). Seeing one in a turn is never a leak.
 */
export function isPlatformOwner(owner: string): boolean {
  return owner.startsWith('sa:') || owner.startsWith('platform:')
}

/**
 * The one rule of a foreign credential: in a turn that should use `expected`'s credentials, a
 * credential of anyone else (the platform's own excepted). In a turn nobody is expected for
 * (`expected` null), every person's credential is foreign.
 */
export function isForeignCredential(owner: string, expected: string | null): boolean {
  return owner !== expected && !isPlatformOwner(owner)
}
