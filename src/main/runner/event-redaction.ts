import type { AguiEvent } from '../agui/agui-event'
import { MIN_SECRET_LENGTH } from './held-secrets'
import type { RunnerPod } from './pod'

/** The env vars whose values HEAD's middleware collects (docs/platform/runner.md#secret-redaction-at-head). */
export const MIDDLEWARE_ENV_VARS = [
  'ANTHROPIC_API_KEY',
  'BOT_TOKEN',
  'GITHUB_TOKEN',
  'GITLAB_TOKEN',
  'JIRA_API_TOKEN',
  'GEMINI_API_KEY',
  'GOOGLE_API_KEY',
  'GOOGLE_OAUTH_CLIENT_SECRET',
  'LANGFUSE_SECRET_KEY',
  'LANGFUSE_PUBLIC_KEY',
  'LANGSMITH_API_KEY'
] as const

/** `redact_secrets` (platform/utils.py): known token formats, whatever their value. */
const PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  [/gh[pousr]_[a-zA-Z0-9]{36,255}/g, 'gh*_***REDACTED***'],
  [/sk-ant-[a-zA-Z0-9\-_]{30,200}/g, 'sk-ant-***REDACTED***'],
  [/pk-lf-[a-zA-Z0-9\-_]{10,100}/g, 'pk-lf-***REDACTED***'],
  [/sk-lf-[a-zA-Z0-9\-_]{10,100}/g, 'sk-lf-***REDACTED***'],
  [/x-access-token:[^@\s]+@/g, 'x-access-token:***REDACTED***@'],
  [/oauth2:[^@\s]+@/g, 'oauth2:***REDACTED***@'],
  [/:\/\/[^:@\s]+:[^@\s]+@/g, '://***REDACTED***@'],
  [/AIza[a-zA-Z0-9\-_]{30,}/g, 'AIza***REDACTED***'],
  [/(ANTHROPIC_API_KEY|LANGFUSE_SECRET_KEY|LANGFUSE_PUBLIC_KEY|BOT_TOKEN|GIT_TOKEN|GEMINI_API_KEY|GOOGLE_API_KEY)\s*=\s*[^\s'"]+/g, '$1=***REDACTED***']
]

/** One value to scrub and the label it becomes. */
export interface Secret {
  value: string
  label: string
}

/** An AG-UI stream transformer: what stands between the adapter and the proxy. */
export type EventRedaction = (events: AsyncGenerator<AguiEvent>) => AsyncGenerator<AguiEvent>

/**
 * What scrubs a turn's AG-UI events before they leave the runner. Flaw site H9: the merge has no
 * middleware; HEAD's wraps the Claude adapter only, with a fixed env list read once at the start
 * of the stream and a few event types; hardened scrubs every secret the runner holds, read at each
 * event, from every event and every bridge (docs/platform/flaws.md#h9-event-redaction-misses-secrets).
 */
export function eventRedaction(pod: RunnerPod, bridge: 'claude' | 'legacy'): EventRedaction {
  if (!pod.sim.flaws.has('h9-event-redaction-misses-secrets')) return (events) => hardenedRedaction(pod, events)
  if (pod.sim.platform === 'head' && bridge === 'claude') return (events) => platformMiddleware(pod, events)
  return (events) => events
}

/** `secret_redaction_middleware` (middleware/secret_redaction.py at HEAD). */
async function* platformMiddleware(pod: RunnerPod, events: AsyncGenerator<AguiEvent>): AsyncGenerator<AguiEvent> {
  const secrets = collectFromEnv(pod.env, MIDDLEWARE_ENV_VARS)
  for await (const event of events) yield redactEvent(event, secrets)
}

async function* hardenedRedaction(pod: RunnerPod, events: AsyncGenerator<AguiEvent>): AsyncGenerator<AguiEvent> {
  let list: ScrubList | null = null
  for await (const event of events) {
    const named = collectFromEnv(pod.env, [...pod.env.keys()].filter(isSecretName))
    // The turn's caller token is read now rather than kept: one per turn would grow without bound.
    const caller = pod.context.callerToken.replace(/^Bearer\s+/i, '').trim()
    list = scrubList(list, named, pod.heldSecrets.all(), caller)
    yield redactValue(event, list.secrets) as AguiEvent
  }
}

const HELD_LABEL = '[REDACTED]'

/** The secrets an event is scrubbed of, longest first, and what they were read from. */
interface ScrubList {
  named: string
  held: readonly string[]
  caller: string
  secrets: readonly Secret[]
}

/** The previous event's list when nothing it was read from changed (most events of a turn), else a new one. */
function scrubList(previous: ScrubList | null, named: Secret[], held: readonly string[], caller: string): ScrubList {
  const namedKey = named.map(({ value, label }) => `${label}\n${value}`).join('\n')
  if (previous && previous.named === namedKey && previous.held === held && previous.caller === caller) return previous
  const callerSecret: Secret[] = caller.length >= MIN_SECRET_LENGTH ? [{ value: caller, label: HELD_LABEL }] : []
  return { named: namedKey, held, caller, secrets: longestFirst([...named, ...heldAsSecrets(held), ...callerSecret]) }
}

/** What the pod holds, as secrets to scrub: made once for each version of the held values. */
const heldSecretLists = new WeakMap<readonly string[], readonly Secret[]>()

function heldAsSecrets(values: readonly string[]): readonly Secret[] {
  let secrets = heldSecretLists.get(values)
  if (!secrets) {
    secrets = values.map((value) => ({ value, label: HELD_LABEL }))
    heldSecretLists.set(values, secrets)
  }
  return secrets
}

/** Env names hardened treats as secret: the middleware's list and every name that says so. */
function isSecretName(name: string): boolean {
  return (MIDDLEWARE_ENV_VARS as readonly string[]).includes(name) || /TOKEN|KEY|SECRET|PASSWORD/.test(name)
}

/** `_collect_secret_values`: the values of those env vars, stripped, 8 characters or longer, longest first. */
export function collectFromEnv(env: ReadonlyMap<string, string>, names: readonly string[]): Secret[] {
  const found: Secret[] = []
  for (const name of names) {
    const value = (env.get(name) ?? '').trim()
    if (value.length >= MIN_SECRET_LENGTH) found.push({ value, label: `[REDACTED_${name}]` })
  }
  return longestFirst(found)
}

function longestFirst(secrets: Secret[]): Secret[] {
  return secrets.sort((a, b) => b.value.length - a.value.length)
}

/** `_redact_text`: each value by its label, then the patterns. */
export function redactText(text: string, secrets: readonly Secret[]): string {
  // A look before the split: most text holds none of the many values a busy pod holds.
  for (const { value, label } of secrets) if (text.includes(value)) text = text.split(value).join(label)
  for (const [pattern, replacement] of PATTERNS) text = text.replace(pattern, replacement)
  return text
}

/** `_redact_event`: only the text-bearing event types; every other event passes unchanged. */
export function redactEvent(event: AguiEvent, secrets: readonly Secret[]): AguiEvent {
  switch (event.type) {
    case 'TEXT_MESSAGE_CONTENT':
    case 'TEXT_MESSAGE_CHUNK':
    case 'TOOL_CALL_ARGS':
    case 'TOOL_CALL_CHUNK':
      return typeof event.delta === 'string' ? { ...event, delta: redactText(event.delta, secrets) } : event
    case 'TOOL_CALL_RESULT':
      return { ...event, content: redactValue(event.content, secrets) }
    case 'RUN_ERROR':
      return typeof event.message === 'string' ? { ...event, message: redactText(event.message, secrets) } : event
    case 'CUSTOM':
      return { ...event, value: redactValue(event.value, secrets) }
    default:
      return event
  }
}

/** `_redact_value`: strings, lists and dicts at any depth, dict keys included. */
export function redactValue(value: unknown, secrets: readonly Secret[]): unknown {
  if (typeof value === 'string') return redactText(value, secrets)
  if (Array.isArray(value)) return value.map((item: unknown) => redactValue(item, secrets))
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [redactText(key, secrets), redactValue(item, secrets)]))
  }
  return value
}
