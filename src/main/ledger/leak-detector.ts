import { readFile, stat } from 'node:fs/promises'
import type { LeakFinding, SinkHolding, SinkKind, TraceEvent } from '../../shared/events'
import type { Sim, TurnInfo } from '../engine/sim'
import type { Runner } from '../runner/runner'

/** Sinks the platform's end-of-turn cleanup promises to empty (spec §5.5). */
const CLEANED_SINKS: readonly SinkKind[] = ['runner-env', 'workspace-file', 'runner-context']

/**
 * The leak detector. After every turn: the backend served only the sender's credentials; no sink
 * the turn could reach holds anyone else's; the cleaned sinks hold nothing at all; no log or
 * audit line carried a secret. Evidence is redacted: owner, provider, sink, hash prefix, length.
 */
export class LeakDetector {
  private readonly served = new Map<string, TraceEvent[]>()
  private secretLines: Array<{ sink: 'log' | 'audit'; turn: string | null; text: string }> = []
  readonly findings: Array<LeakFinding & { turn: string | null }> = []

  constructor(private readonly sim: Sim) {
    sim.trace.subscribe((event) => {
      if (event.kind === 'credential.served' && event.turn) {
        const list = this.served.get(event.turn) ?? []
        list.push(event)
        this.served.set(event.turn, list)
      }
    })
  }

  /** Taps log and audit text before redaction: a secret there is a leak, even though we mask it. */
  inspectRaw(kind: string, text: string, turn: string | null): void {
    if (kind !== 'log' && kind !== 'audit') return
    if (this.sim.registry.scan(text).length > 0) this.secretLines.push({ sink: kind, turn, text })
  }

  /** Whether a credential of this owner is fine to see in this turn: the sender's, or the platform's own. */
  private allowedOwner(owner: string, turn: TurnInfo): boolean {
    if (owner === turn.expectedOwner) return true
    return owner.startsWith('sa:') || owner.startsWith('platform:')
  }

  /** Secret-bearing log lines no turn claimed (they happened outside turns). */
  takeLeftoverLines(): Array<{ sink: 'log' | 'audit'; turn: string | null; text: string }> {
    return this.secretLines.splice(0)
  }

  async checkTurn(turn: TurnInfo, runner: Runner | null): Promise<LeakFinding[]> {
    const found: LeakFinding[] = []
    const sender = turn.expectedOwner
    for (const event of this.served.get(turn.turn) ?? []) {
      if (event.kind !== 'credential.served') continue
      for (const ref of event.credentials) {
        if (this.allowedOwner(ref.owner, turn)) continue
        found.push({
          invariant: 'foreign-credential',
          sink: 'runner-env',
          where: `served for the ${event.slot} fetch`,
          owner: ref.owner,
          provider: ref.slot,
          fingerprint: ref.fingerprint,
          length: ref.length,
          sender,
          message: `the backend served ${ref.owner}'s ${ref.slot} credential into ${sender ? `${sender}'s` : 'an unattributed'} turn`
        })
      }
    }
    const holdings = runner ? (runner.takeEndOfTurn(turn.turn) ?? (await runner.holdings())) : []
    this.sim.trace.emit('harness', { kind: 'snapshot', label: 'after-turn', holdings }, turn.turn)
    for (const holding of holdings) {
      if (holding.credential.owner.startsWith('sa:') || holding.credential.owner.startsWith('platform:')) continue
      const reachable = holding.sink !== 'worker-env' && holding.sink !== 'mcp-env' ? true : holding.where.startsWith(`thread ${turn.thread}:`)
      if (reachable && !this.allowedOwner(holding.credential.owner, turn)) {
        found.push(finding('foreign-credential', holding, sender, `${holding.credential.owner}'s ${holding.credential.slot} credential sits in ${holding.sink} (${holding.where}) after ${sender ? `${sender}'s` : 'an unattributed'} turn`))
      } else if (CLEANED_SINKS.includes(holding.sink)) {
        found.push(finding('left-after-cleanup', holding, sender, `${holding.credential.owner}'s ${holding.credential.slot} credential is still in ${holding.sink} (${holding.where}) after cleanup`))
      }
    }
    const lines = this.secretLines.filter((l) => l.turn === turn.turn)
    this.secretLines = this.secretLines.filter((l) => l.turn !== turn.turn)
    for (const line of lines) {
      for (const ref of this.sim.registry.scan(line.text)) {
        found.push({
          invariant: 'secret-in-record',
          sink: line.sink,
          where: `${line.sink} line`,
          owner: ref.owner,
          provider: ref.slot,
          fingerprint: ref.fingerprint,
          length: ref.length,
          sender,
          message: `a ${line.sink} line carried ${ref.owner}'s ${ref.slot} secret`
        })
      }
    }
    const seen = new Set<string>()
    for (const leak of found) {
      const key = `${leak.invariant}|${leak.sink}|${leak.where}|${leak.fingerprint}`
      if (seen.has(key)) continue
      seen.add(key)
      this.findings.push({ ...leak, turn: turn.turn })
      this.sim.trace.emit('harness', { kind: 'leak', finding: leak }, turn.turn)
    }
    return found
  }
}

/** A file of the run that must never hold a secret value (the SQLite store and its WAL). */
export interface RecordFile {
  sink: SinkKind
  path: string
}

const SCAN_LIMIT_BYTES = 256 * 1024 * 1024

/**
 * The end-of-run check: log and audit lines outside any turn, the cleaned sinks of every runner,
 * and the bytes of the run's record files hold no secret. Returns the findings, also as events.
 */
export async function checkEndOfRun(sim: Sim, detector: LeakDetector, runners: readonly Runner[], files: readonly RecordFile[]): Promise<LeakFinding[]> {
  const found: LeakFinding[] = detector.takeLeftoverLines().flatMap((line) =>
    sim.registry.scan(line.text).map((ref) => ({
      invariant: 'secret-in-record' as const,
      sink: line.sink,
      where: `${line.sink} line outside any turn`,
      owner: ref.owner,
      provider: ref.slot,
      fingerprint: ref.fingerprint,
      length: ref.length,
      sender: null,
      message: `a ${line.sink} line carried ${ref.owner}'s ${ref.slot} secret`
    }))
  )
  for (const runner of runners) {
    for (const holding of await runner.holdings()) {
      if (!CLEANED_SINKS.includes(holding.sink) || holding.credential.owner.startsWith('sa:') || holding.credential.owner.startsWith('platform:')) continue
      found.push(finding('left-after-cleanup', holding, null, `${holding.credential.owner}'s ${holding.credential.slot} credential is still in ${runner.project}/${runner.session}'s ${holding.sink} (${holding.where}) at the end of the run`))
    }
  }
  for (const file of files) {
    let bytes: Buffer
    try {
      const info = await stat(file.path)
      if (info.size > SCAN_LIMIT_BYTES) {
        sim.trace.emit('harness', { kind: 'note', text: `end-of-run scan skipped ${file.path}: ${info.size} bytes is over the limit` }, null)
        continue
      }
      bytes = await readFile(file.path)
    } catch {
      continue
    }
    for (const [value, ref] of sim.registry.entries()) {
      if (!bytes.includes(value)) continue
      found.push({
        invariant: 'secret-in-record',
        sink: file.sink,
        where: file.path.split(/[\\/]/).pop() ?? file.path,
        owner: ref.owner,
        provider: ref.slot,
        fingerprint: ref.fingerprint,
        length: ref.length,
        sender: null,
        message: `the run's ${file.sink} holds ${ref.owner}'s ${ref.slot} secret in plain text`
      })
    }
  }
  for (const leak of found) {
    detector.findings.push({ ...leak, turn: null })
    sim.trace.emit('harness', { kind: 'leak', finding: leak }, null)
  }
  return found
}

function finding(invariant: LeakFinding['invariant'], holding: SinkHolding, sender: string | null, message: string): LeakFinding {
  return {
    invariant,
    sink: holding.sink,
    where: holding.where,
    owner: holding.credential.owner,
    provider: holding.credential.slot,
    fingerprint: holding.credential.fingerprint,
    length: holding.credential.length,
    sender,
    message
  }
}
