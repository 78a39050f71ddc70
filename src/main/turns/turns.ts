import type { BackgroundOrigin, CredentialRef, EventOf, Sender, SinkHolding } from '../../shared/events'

/** How a turn ended; `incomplete` when the engine stopped before it did. */
export type TurnStatus = 'running' | 'finished' | 'error' | 'incomplete'

/** What the engine knows about a turn, for the ledger, the leak detector and the UI. */
export interface TurnInfo {
  turn: string
  project: string
  session: string
  thread: string
  sender: Sender | null
  /** The world user whose credentials the turn should use (the owner for scheduled runs). */
  expectedOwner: string | null
  /** gin userID of the sender at `/agui/run`; '' when there was none. */
  senderPlatformId: string
  startedAt: number
  finishedAt: number | null
  status: TurnStatus
  /** Why the turn ended in error or incomplete; null otherwise. */
  error: string | null
}

/** A log or audit line, or an AG-UI event the proxy persisted, that carried a secret before redaction: which secrets, not the text. */
export interface SecretLine {
  sink: 'log' | 'audit' | 'event-log'
  /** For an AG-UI event, its type: which events the runner's redaction let through. */
  record?: string
  refs: CredentialRef[]
}

/**
 * A request that reached the endpoint of a custom MCP server, an endpoint an editor chose
 * (docs/platform/flaws.md#h2-custom-mcp-expands-credentials): where it went and which secrets it
 * carried, not the values.
 */
export interface EndpointDelivery {
  url: string
  refs: CredentialRef[]
}

/** What a background process an earlier turn left running used while this one ran (H1): which secrets, not the values. */
export interface LingeringUse {
  startedBy: BackgroundOrigin
  line: string
  refs: CredentialRef[]
}

/** Everything the verdict on one ended turn needs, gathered while it ran. */
export interface EndedTurn {
  info: TurnInfo
  /** What the runner held as the turn ended (inside its lock); null when the turn never reached the runner. */
  holdings: SinkHolding[] | null
  served: Array<EventOf<'credential.served'>>
  secretLines: SecretLine[]
  /** Secrets a custom MCP server's endpoint received while the turn ran. */
  deliveries: EndpointDelivery[]
  lingering: LingeringUse[]
}

interface TurnRecord {
  info: TurnInfo
  /** The runner took the turn (its handler got the proxy's POST and started the bridge). */
  accepted: boolean
  holdings: SinkHolding[] | null
  served: Array<EventOf<'credential.served'>>
  secretLines: SecretLine[]
  deliveries: EndpointDelivery[]
  lingering: LingeringUse[]
  /** The end of the turn's stream, told by whoever consumed it: the proxy, or the runner's gRPC listener. */
  proxyEnd: { status: 'finished' | 'error'; error: string | null; by: StreamConsumer } | null
  /** A keychain failure during the turn: the turn ends in error whatever the proxy saw. */
  vaultFailure: string | null
  ended: Promise<TurnInfo>
  resolve: (info: TurnInfo) => void
}

/**
 * credscope's own bounds on turns in flight (the platform has none: each run is a goroutine and
 * an open connection to the runner). A turn over them is refused at `agui/run`, never half-run.
 */
export const MAX_TURNS_PER_SESSION = 64
export const MAX_TURNS = 256

/** Called once per ended turn, in order, before anyone waiting for the turn is told. */
export type TurnObserver = (ended: EndedTurn) => Promise<void> | void

/** How a turn ended. */
export type EndStatus = Exclude<TurnStatus, 'running'>

/** Who consumes a turn's event stream: the proxy for agui/run, the runner itself for a turn over gRPC. */
export type StreamConsumer = 'proxy' | 'runner'

/**
 * Tells that a turn ended (the engine emits `turn.finished`, from which the store records the
 * status): as the proxy saw it, or as the harness decided (a keychain failure, a stop).
 */
export type TurnEndReporter = (info: TurnInfo, status: EndStatus, by: StreamConsumer | 'harness') => void

/**
 * The one owner of the turn lifecycle. The proxy starts a turn and reports the end of its
 * stream; the runner reports that it took the turn and what it held as the turn ended. The turn
 * ends when both sides are done (or the runner never took it), and only then is it judged, so the
 * evidence the leak detector reads belongs to the turn it judges, also when turns overlap, fail
 * or are refused.
 */
export class Turns {
  private readonly records = new Map<string, TurnRecord>()
  private readonly observers: TurnObserver[] = []
  /** Secret-bearing lines that no running turn claimed; the end-of-run check reports them. */
  private leftover: SecretLine[] = []
  /** Deliveries to a custom MCP endpoint that no running turn claimed; the end-of-run check reports them. */
  private leftoverDeliveries: EndpointDelivery[] = []
  /** What background processes used while no turn ran; the end-of-run check reports it. */
  private leftoverLingering: LingeringUse[] = []
  private closed = false
  private runningTotal = 0
  private readonly runningBySession = new Map<string, number>()

  constructor(private readonly now: () => number, private readonly reportEnd: TurnEndReporter) {}

  /** Registers a turn the proxy accepted; its id is the AG-UI run id. */
  start(info: TurnInfo): void {
    if (this.closed) throw new Error('the engine is stopping; no turn can start')
    let resolve!: (info: TurnInfo) => void
    const ended = new Promise<TurnInfo>((r) => (resolve = r))
    this.records.set(info.turn, { info, accepted: false, holdings: null, served: [], secretLines: [], deliveries: [], lingering: [], proxyEnd: null, vaultFailure: null, ended, resolve })
    this.count(info, 1)
  }

  /** Why a new turn of this session cannot start now, or null when it can. */
  admission(project: string, session: string): string | null {
    if (this.closed) return 'the engine is stopping'
    const inSession = this.runningBySession.get(`${project}/${session}`) ?? 0
    if (inSession >= MAX_TURNS_PER_SESSION) return `${inSession} turns of ${project}/${session} are already waiting for or inside its runner; retry when one ends`
    if (this.runningTotal >= MAX_TURNS) return `${this.runningTotal} turns are already running; retry when one ends`
    return null
  }

  get(turn: string): TurnInfo | undefined {
    return this.records.get(turn)?.info
  }

  has(turn: string): boolean {
    return this.records.has(turn)
  }

  /** Turns still running, in the order they started. */
  running(): TurnInfo[] {
    return [...this.records.values()].filter((r) => r.info.status === 'running').map((r) => r.info)
  }

  onEnded(observer: TurnObserver): void {
    this.observers.push(observer)
  }

  /** Resolves with the turn once it has ended and every observer has seen it. */
  ended(turn: string): Promise<TurnInfo> | null {
    return this.records.get(turn)?.ended ?? null
  }

  /** The runner took the turn: its end now waits for the runner's end-of-turn report too. */
  runnerAccepted(turn: string | null): void {
    const record = this.live(turn)
    if (record) record.accepted = true
  }

  /** The runner's end of the turn, with what the pod held then. */
  async runnerEnded(turn: string | null, holdings: SinkHolding[]): Promise<void> {
    const record = this.live(turn)
    if (!record?.accepted || record.holdings !== null) return
    record.holdings = holdings
    await this.settle(record)
  }

  /** The turn's stream has ended (for a turn over gRPC, the runner's listener tells it: `by` runner). */
  async proxyEnded(turn: string, status: 'finished' | 'error', error: string | null, by: StreamConsumer = 'proxy'): Promise<void> {
    const record = this.live(turn)
    if (!record || record.proxyEnd) return
    record.proxyEnd = { status, error, by }
    await this.settle(record)
  }

  /** A credential the backend served while the turn ran. */
  served(event: EventOf<'credential.served'>): void {
    this.live(event.turn)?.served.push(event)
  }

  /** A log or audit line that carried secrets; a line outside any running turn is kept for the end of the run. */
  secretLine(turn: string | null, line: SecretLine): void {
    const record = this.live(turn)
    if (record) record.secretLines.push(line)
    else this.leftover.push(line)
  }

  /** A custom MCP server's endpoint received secrets; outside any running turn it is kept for the end of the run. */
  delivered(turn: string | null, delivery: EndpointDelivery): void {
    const record = this.live(turn)
    if (record) record.deliveries.push(delivery)
    else this.leftoverDeliveries.push(delivery)
  }

  /** A background process used secrets; outside any running turn it is kept for the end of the run. */
  lingered(turn: string | null, use: LingeringUse): void {
    const record = this.live(turn)
    if (record) record.lingering.push(use)
    else this.leftoverLingering.push(use)
  }

  /** The keychain failed while the turn ran. */
  vaultFailed(turn: string | null, message: string): void {
    const record = this.live(turn)
    if (record) record.vaultFailure ??= message
  }

  takeLeftoverLines(): SecretLine[] {
    return this.leftover.splice(0)
  }

  takeLeftoverLingering(): LingeringUse[] {
    return this.leftoverLingering.splice(0)
  }

  takeLeftoverDeliveries(): EndpointDelivery[] {
    return this.leftoverDeliveries.splice(0)
  }

  /**
   * Stops taking turns and ends every running one as incomplete, without judging it: its
   * evidence is partial. Returns the turns it ended.
   */
  abandon(reason: string): TurnInfo[] {
    this.closed = true
    const ended: TurnInfo[] = []
    for (const record of this.records.values()) {
      if (record.info.status !== 'running') continue
      this.close(record, 'incomplete', reason, 'harness')
      record.resolve(record.info)
      ended.push(record.info)
    }
    return ended
  }

  private live(turn: string | null | undefined): TurnRecord | undefined {
    const record = turn ? this.records.get(turn) : undefined
    return record?.info.status === 'running' ? record : undefined
  }

  private async settle(record: TurnRecord): Promise<void> {
    if (!record.proxyEnd || (record.accepted && record.holdings === null)) return
    const { status, error, by } = record.proxyEnd
    if (record.vaultFailure) this.close(record, 'error', record.vaultFailure, 'harness')
    else this.close(record, status, error, by)
    const ended: EndedTurn = { info: record.info, holdings: record.accepted ? record.holdings : null, served: record.served, secretLines: record.secretLines, deliveries: record.deliveries, lingering: record.lingering }
    // The evidence is no longer needed once observed; the info stays for lookups.
    record.served = []
    record.secretLines = []
    record.deliveries = []
    record.lingering = []
    record.holdings = null
    for (const observe of this.observers) await observe(ended)
    record.resolve(record.info)
  }

  private close(record: TurnRecord, status: EndStatus, error: string | null, by: StreamConsumer | 'harness'): void {
    record.info.status = status
    record.info.error = error
    record.info.finishedAt = this.now()
    this.count(record.info, -1)
    this.reportEnd(record.info, status, by)
  }

  private count(info: TurnInfo, by: 1 | -1): void {
    const key = `${info.project}/${info.session}`
    this.runningTotal += by
    const next = (this.runningBySession.get(key) ?? 0) + by
    if (next > 0) this.runningBySession.set(key, next)
    else this.runningBySession.delete(key)
  }
}
