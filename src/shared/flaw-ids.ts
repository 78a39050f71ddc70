import type { PlatformVersion } from './platform-versions'

/**
 * Every flaw of docs/platform/flaws.md that is a code decision (the two that are only about the
 * platform's docs, #8 and r16, are not). `pr*` were raised and fixed during PR #989, `r*` are
 * still in the merged code, `h*` are new at HEAD, `f<PR>` are bugs of the merge fixed after it. Each one is asked for at one site (test/unit/flaw-sites.test.ts).
 */
export const FLAW_IDS = [
  'pr1-owner-credentials-for-every-sender',
  'pr2-owner-can-impersonate',
  'pr3-bot-trusted-for-any-user',
  'pr4-context-set-before-lock',
  'pr5-cleanup-not-in-finally',
  'pr6-incomplete-cleanup',
  'pr7-user-ids-in-credential-access-log',
  'pr9-user-name-without-id',
  'pr10-header-trust-model',
  'pr11-caller-token-without-header',
  'pr12-fetch-before-user-set',
  'pr13-credential-cache-60s',
  'pr14-mcp-never-rebuilt',
  'pr15-direct-caller-as-bot',
  'pr16-ssr-failure-always-bot',
  'pr17-bot-fallback-without-header',
  'pr18-active-user-bare-session-key',
  'pr19-sa-annotation-failure-ignored',
  'pr20-backend-url-unchecked',
  'pr21-user-change-needs-both-ids',
  'pr22-unchecked-type-assertion',
  'pr23-child-session-raw-sa',
  'r1-active-user-not-cleared',
  'r2-no-turn-lock',
  'r3-mcp-not-rebuilt',
  'r4-cleanup-skipped-on-early-failure',
  'r5-bot-token-reaches-owner',
  'r6-annotation-maps-bot-to-owner',
  'r7-bot-not-bound-to-session',
  'r8-ssr-failure-fails-open',
  'r9-x-forwarded-user-trusted',
  'r9b-backend-host-allowlist-broad',
  'r10-identity-normalization-mismatch',
  'r11-no-caller-token-owner-fallback',
  'r12-mcp-credentials-owner-only',
  'r13-github-project-token-fallback',
  'r14-other-bridges-ignore-sender',
  'r15-git-identity-persists',
  'r17-google-refresh-failure-401',
  'r18-cleanup-maps-bare-session-key',
  'r19-user-ids-in-logs',
  'r20-caller-token-in-runner',
  'h1-files-read-by-lingering-processes',
  'h2-custom-mcp-expands-credentials',
  'h3-sso-impersonates-creator',
  'h4-session-sa-reads-every-secret',
  'h5-gerrit-instances-not-unwrapped',
  'h6-first-run-ignores-user-change',
  'h7-cp-token-for-any-caller',
  'h8-cp-credentials-per-binding',
  'h9-event-redaction-misses-secrets',
  'h10-refused-provider-fails-turn',
  'h11-grpc-turns-without-user',
  'f1050-bot-token-frozen-at-start',
  'f1068-git-uses-spawn-time-token',
  'f1185-gh-uses-spawn-time-token',
  'f1222-google-file-deleted-between-turns',
  'f1378-runner-accepts-any-pod'
] as const

export type FlawId = (typeof FLAW_IDS)[number]

export function isFlawId(value: string): value is FlawId {
  return (FLAW_IDS as readonly string[]).includes(value)
}

/** The short handle of a flaw (`pr2`, `r9b`, `f1050`), as docs/platform/flaws.md uses it, for chips, titles and narrow columns. */
export function shortFlawId(id: string): string {
  return id.split('-')[0] ?? id
}

/** A flaw named by its id or by its short id, as the app shows it (`r12`, `h8`, `f1050`); null for neither. */
export function flawIdOf(text: string): FlawId | null {
  if (isFlawId(text)) return text
  return FLAW_IDS.find((id) => id.slice(0, id.indexOf('-')) === text.toLowerCase()) ?? null
}

/** What to say of a name that is no flaw: the closest id when one is near. */
export function unknownFlawMessage(text: string): string {
  const short = text.split('-')[0]?.toLowerCase() ?? ''
  const near = FLAW_IDS.find((id) => id.startsWith(`${short}-`) && short.length > 1) ?? FLAW_IDS.find((id) => id.includes(text.toLowerCase()) && text.length >= 4)
  return `unknown flaw "${text}"${near ? `; did you mean ${near}?` : ''}`
}

/** The residual flaws: `as-is` is exactly those of its version (docs/platform/flaws.md#residual-flaws). */
export const RESIDUAL_FLAWS: readonly FlawId[] = FLAW_IDS.filter((id) => !id.startsWith('pr'))

/**
 * At which platform versions a flaw can be switched on (docs/platform/versions.md#flaws-per-version):
 * the PR-era flaws are the code before the merge, so merge only; every residual flaw is still in
 * the code at head, some of them behaving differently there; the `h*` flaws exist at head only,
 * but for h1 and h9, whose gaps the merge has too;
 * the `f*` flaws are bugs of the merge that the platform fixed before HEAD, so merge only.
 */
export function flawVersions(id: FlawId): readonly PlatformVersion[] {
  // pr*: before the merge; f<PR>: in the merge, fixed by that PR before HEAD.
  if (id.startsWith('pr') || id.startsWith('f')) return ['merge']
  // H1 and H9 are gaps the merge has too: its Google file is there for a lingering process to read,
  // and it redacts no AG-UI event at all (adc3403b3 came after it).
  if (id === 'h1-files-read-by-lingering-processes' || id === 'h9-event-redaction-misses-secrets') return ['merge', 'head']
  return id.startsWith('h') ? ['head'] : ['merge', 'head']
}
