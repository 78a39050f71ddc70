import type { CredentialRef, LeakFinding, SinkHolding, SinkKind } from '../../shared/events'
import { isForeignCredential, isPlatformOwner } from '../../shared/owners'
import type { EndedTurn, EndpointDelivery, LingeringUse, SecretLine } from '../turns/turns'

/** Sinks the platform's end-of-turn cleanup promises to empty (docs/platform/runner.md#what-the-leak-detector-holds-a-turn-to). */
export const CLEANED_SINKS: readonly SinkKind[] = ['runner-env', 'workspace-file', 'runner-context']

/** Sinks that belong to one worker (one thread): only the turn's own thread could reach them. */
const PER_THREAD_SINKS: readonly SinkKind[] = ['worker-env', 'mcp-env']

/**
 * The verdict on one ended turn, from its evidence alone: the backend served only the sender's
 * credentials; no sink the turn could reach holds anyone else's; the cleaned sinks hold nothing
 * at all; no log or audit line carried a secret. Evidence is redacted: owner, provider, sink,
 * hash prefix, length. Duplicates (one secret, one place) are reported once.
 */
export function turnFindings(ended: EndedTurn): LeakFinding[] {
  const { info } = ended
  const sender = info.expectedOwner
  const whose = sender ? `${sender}'s` : 'an unattributed'
  const found: LeakFinding[] = []
  for (const event of ended.served) {
    for (const ref of event.credentials) {
      if (!isForeignCredential(ref.owner, sender)) continue
      found.push(fromRef('foreign-credential', 'runner-env', `served for the ${event.slot} fetch`, ref, sender, `${event.hop === 'control-plane' ? 'the api-server' : 'the backend'} served ${ref.owner}'s ${ref.slot} credential into ${whose} turn`))
    }
  }
  for (const holding of ended.holdings ?? []) {
    const { owner, slot } = holding.credential
    if (isPlatformOwner(owner)) continue
    const reachable = !PER_THREAD_SINKS.includes(holding.sink) || holding.where.startsWith(`thread ${info.thread}:`)
    if (reachable && isForeignCredential(owner, sender)) {
      found.push(fromHolding('foreign-credential', holding, sender, `${owner}'s ${slot} credential sits in ${holding.sink} (${holding.where}) after ${whose} turn`))
    } else if (CLEANED_SINKS.includes(holding.sink)) {
      found.push(fromHolding('left-after-cleanup', holding, sender, `${owner}'s ${slot} credential is still in ${holding.sink} (${holding.where}) after cleanup`))
    }
  }
  for (const line of ended.secretLines) found.push(...lineFindings(line, recordOf(line).where, sender))
  for (const delivery of ended.deliveries) found.push(...deliveryFindings(delivery, sender, ` in ${whose} turn`))
  for (const use of ended.lingering) found.push(...lingeringFindings(use, ` during ${whose} turn`))
  return unique(found)
}

/** Secret-bearing log or audit lines that no turn claimed. */
export function leftoverLineFindings(lines: readonly SecretLine[]): LeakFinding[] {
  return lines.flatMap((line) => lineFindings(line, `${recordOf(line).where} outside any turn`, null))
}

/** Secrets a custom MCP server's endpoint received outside any turn. */
export function leftoverDeliveryFindings(deliveries: readonly EndpointDelivery[]): LeakFinding[] {
  return deliveries.flatMap((delivery) => deliveryFindings(delivery, null, ' outside any turn'))
}

/** What background processes used while no turn ran. */
export function leftoverLingeringFindings(uses: readonly LingeringUse[]): LeakFinding[] {
  return uses.flatMap((use) => lingeringFindings(use, ' outside any turn'))
}

/**
 * A process a turn left running that used someone else's credential: it ran with its starter's
 * env but read what later turns wrote (docs/platform/flaws.md#h1-files-read-by-lingering-processes).
 */
function lingeringFindings({ startedBy, line, refs }: LingeringUse, when: string): LeakFinding[] {
  const starter = startedBy.sender || null
  return refs
    .filter((ref) => isForeignCredential(ref.owner, starter))
    .map((ref) => fromRef('foreign-credential', 'background-process', `${line} (left running by turn ${startedBy.turn.slice(0, 8)})`, ref, starter, `a background process ${starter ?? 'no user'}'s turn left running (${line}) used ${ref.owner}'s ${ref.slot} credential${when}`))
}

/** What a runner still holds when the run ends: the cleaned sinks must be empty. */
export function endOfRunHoldingFindings(runner: string, holdings: readonly SinkHolding[]): LeakFinding[] {
  return holdings
    .filter((h) => CLEANED_SINKS.includes(h.sink) && !isPlatformOwner(h.credential.owner))
    .map((h) => fromHolding('left-after-cleanup', h, null, `${h.credential.owner}'s ${h.credential.slot} credential is still in ${runner}'s ${h.sink} (${h.where}) at the end of the run`))
}

/** A secret found in the bytes of one of the run's record files (the SQLite store and its WAL). */
export function recordFileFinding(sink: SinkKind, file: string, ref: CredentialRef): LeakFinding {
  return fromRef('secret-in-record', sink, file, ref, null, `the run's ${sink} holds ${ref.owner}'s ${ref.slot} secret in plain text`)
}

function lineFindings(line: SecretLine, where: string, sender: string | null): LeakFinding[] {
  const { what } = recordOf(line)
  return line.refs.map((ref) => fromRef('secret-in-record', line.sink, where, ref, sender, `${what} carried ${ref.owner}'s ${ref.slot} secret`))
}

/** How a finding names the record that carried the secret. */
function recordOf({ sink, record }: SecretLine): { what: string; where: string } {
  switch (sink) {
    case 'log':
      return { what: 'a log line', where: 'log line' }
    case 'audit':
      return { what: 'an audit line', where: 'audit line' }
    case 'event-log':
      return { what: `an AG-UI ${record ?? ''} event sent to the browser and kept in the session's event log`, where: `AG-UI ${record ?? ''} event` }
  }
}

/**
 * Every secret that reached the endpoint of a custom MCP server, whoever it belongs to, the
 * platform's own included: the endpoint is one an editor chose, outside the platform
 * (docs/platform/flaws.md#h2-custom-mcp-expands-credentials).
 */
function deliveryFindings(delivery: EndpointDelivery, sender: string | null, when: string): LeakFinding[] {
  return delivery.refs.map((ref) => fromRef('sent-to-custom-server', 'mcp-remote', delivery.url, ref, sender, `${ref.owner}'s ${ref.slot} token was sent to the custom MCP server at ${delivery.url}${when}`))
}

function unique(found: readonly LeakFinding[]): LeakFinding[] {
  const seen = new Set<string>()
  return found.filter((leak) => {
    const key = `${leak.invariant}|${leak.sink}|${leak.where}|${leak.fingerprint}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

function fromRef(invariant: LeakFinding['invariant'], sink: SinkKind, where: string, ref: CredentialRef, sender: string | null, message: string): LeakFinding {
  return { invariant, sink, where, owner: ref.owner, provider: ref.slot, fingerprint: ref.fingerprint, length: ref.length, sender, message }
}

function fromHolding(invariant: LeakFinding['invariant'], holding: SinkHolding, sender: string | null, message: string): LeakFinding {
  return fromRef(invariant, holding.sink, holding.where, holding.credential, sender, message)
}
