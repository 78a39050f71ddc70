import { isForeignCredential } from '../../../../shared/owners'
import type { IdentitySource, TraceEvent } from '../../../../shared/events'
import { describeEvent } from '../../../../shared/signature'
import { ownerColor } from '../../components/UserBadge'
import { senderText } from '../../../../shared/sender-text'
import { clockTime, foreignFlag, toolLabel, virtualSpan } from './format'
import { DecisionBadge } from './DecisionBadge'
import { IDENTITY_SOURCE_TERMS } from '../../../../shared/glossary'
import { SinkName } from '../../components/SinkName'
import { Term } from '../../components/Term'
import { TermText } from '../../components/TermText'

/** An owner's name in their colour, red-ringed when it is not the turn's. */
export function Owner({ owner, expected }: { owner: string; expected: string | null }): React.JSX.Element {
  const foreign = isForeignCredential(owner, expected)
  return (
    <span className={foreign ? 'sv-owner foreign' : 'sv-owner'} style={{ color: ownerColor(owner) }} title={foreign ? `${owner}'s, in a turn that should use ${expected ?? 'nobody'}'s` : owner}>
      <span className="sv-owner-dot" style={{ background: ownerColor(owner) }} />
      {owner}
    </span>
  )
}

/** How the backend learnt who is calling (`sa-annotation`), as a glossary term where it is one. */
function SourceTerm({ source }: { source: IdentitySource }): React.JSX.Element {
  const id = IDENTITY_SOURCE_TERMS[source]
  return id ? <Term id={id}>{source}</Term> : <>{source}</>
}

/** What a non-HTTP event says, in a line: decisions, served credentials, tools, cleanups, leaks. */
export function EventMark({ event, expectedOwner }: { event: TraceEvent; expectedOwner: string | null }): React.JSX.Element {
  switch (event.kind) {
    case 'rbac':
      return (
        <>
          <DecisionBadge row={event.row} allow={event.allow} />
          <span className="sv-slot">{event.slot}</span>
          <span className="muted">
            {' '}
            <TermText text={event.reason} />
          </span>
        </>
      )
    case 'credential.served':
      return (
        <>
          <span className="sv-tag">served</span> <Owner owner={event.owner} expected={expectedOwner} /> <span className="sv-slot">{event.slot}</span>
          <span className="muted"> ({event.source})</span>
          {isForeignCredential(event.owner, expectedOwner) && <span className="sv-flag">{foreignFlag(expectedOwner)}</span>}
        </>
      )
    case 'credential.missing':
      return (
        <>
          <span className="sv-tag sv-tag-warn">missing</span> no {event.slot} credential for {event.effective} <span className="muted">· {event.status} {event.reason}</span>
        </>
      )
    case 'tool.call':
      return (
        <>
          <span className="sv-tag tool">tool</span> <code className="sv-tool-line">{event.args}</code>
          {event.startedBy && <span className="sv-flag">background process left running by {event.startedBy.sender || 'no user'}’s turn</span>}
        </>
      )
    case 'tool.result': {
      // "acted as bob (GITHUB_TOKEN in the CLI env)": the owner is drawn, the how stays as text.
      const how = /\((.+)\)$/.exec(event.summary)?.[1]
      return (
        <>
          <code className="sv-tool-line">{toolLabel(event.tool, event.slot)}</code>
          {event.actedAs ? (
            <>
              <span className="sv-to"> → acted as </span>
              <Owner owner={event.actedAs} expected={expectedOwner} />
              {isForeignCredential(event.actedAs, expectedOwner) && <span className="sv-flag">{foreignFlag(expectedOwner)}</span>}
              {event.startedBy && <span className="sv-flag">for {event.startedBy.sender || 'no user'}’s background process</span>}
              {how && <span className="muted"> · {how}</span>}
            </>
          ) : (
            <>
              <span className={event.ok ? 'sv-to' : 'bad'}> → {event.ok ? 'ok' : 'failed'}</span>
              <span className="muted"> · {event.summary}</span>
            </>
          )}
        </>
      )
    }
    case 'identity':
      return (
        <>
          <span className="sv-tag">identity</span> {event.userID ? <strong>{event.userID}</strong> : <span className="bad">(empty)</span>}
          {event.isBot && <span className="sv-tag bot">bot</span>}
          <span className="muted">
            {' via '}
            <SourceTerm source={event.source} />
          </span>
        </>
      )
    case 'runner.fetch':
      return (
        <>
          <span className="sv-tag">fetch</span> {event.slot} <span className="muted">with</span>{' '}
          {event.auth === 'bot' ? (
            <span className="warn">
              <Term id="bot-token" />
            </span>
          ) : event.auth === 'caller' ? (
            <Term id="caller-token" />
          ) : (
            'no token'
          )}
          {event.currentUserHeader ? <span className="muted"> as {event.currentUserHeader}</span> : <span className="muted"> (no header)</span>}
          <span className="muted"> → </span>
          <span className={event.outcome === 'ok' ? 'ok' : event.outcome === 'empty' || event.outcome === 'skipped' ? 'warn' : 'bad'}>
            {event.status ?? '—'} {event.outcome}
          </span>
          {event.fallback && (
            <span className="sv-flag sv-flag-warn">
              <Term id="fallback" />
            </span>
          )}
        </>
      )
    case 'runner.env':
      return (
        <>
          <span className={event.op === 'cleared' ? 'sv-tag clean' : 'sv-tag env'}>env {event.op}</span> <span className="sv-keys">{event.keys.join(' ') || '(no keys)'}</span>
          {event.files.length > 0 && <span className="muted"> · {event.files.length} file{event.files.length === 1 ? '' : 's'}</span>}
        </>
      )
    case 'runner.step':
      return (
        <>
          <span className="sv-step">{event.step}</span> <span className="muted">{event.detail}</span>
        </>
      )
    case 'turn.started':
      return (
        <>
          <span className="sv-tag turn">turn started</span> by <strong>{senderText(event.sender, event.senderId)}</strong>
          <span className="muted">
            {' '}
            in {event.project}/{event.session} · thread {event.thread}
          </span>
        </>
      )
    case 'turn.finished':
      return (
        <>
          <span className={event.status === 'finished' ? 'sv-tag turn' : 'sv-tag sv-tag-bad'}>turn {event.status}</span>
          {event.error && <span className="bad"> {event.error}</span>}
        </>
      )
    case 'active-user':
      return (
        <>
          <span className="sv-tag">active user</span> {event.key} {event.op === 'set' ? '←' : 'cleared'} <strong>{event.user ?? ''}</strong>
          <span className="muted"> {event.reason}</span>
        </>
      )
    case 'leak':
      return (
        <>
          <span className="sv-tag leak">LEAK</span> <Owner owner={event.finding.owner} expected={null} />
          <span>’s {event.finding.provider}</span> <span className="muted">in</span> <SinkName sink={event.finding.sink} /> <span className="muted">({event.finding.where})</span>
          <span className="sv-leak-kind">
            {' · '}
            <Term id={event.finding.invariant} />
          </span>
        </>
      )
    case 'pod':
      return (
        <>
          <span className="sv-tag">pod</span> at {event.label}: {Object.keys(event.env).length} env keys · {event.files.length} files · {Object.keys(event.mcp).length} MCP servers
        </>
      )
    case 'snapshot': {
      const owners = [...new Set(event.holdings.map((h) => h.credential.owner))]
      return (
        <>
          <span className="sv-tag">snapshot</span> {event.label}: {event.holdings.length} held <span className="muted">({owners.join(', ') || 'nothing'})</span>
        </>
      )
    }
    case 'audit':
      return (
        <>
          <span className="sv-tag audit">audit</span> <code className="sv-audit">{event.text}</code>
        </>
      )
    case 'log':
      return (
        <>
          <span className={`sv-tag log-${event.level}`}>{event.level}</span> <span className="muted">{event.text}</span>
        </>
      )
    case 'project.checked':
      return (
        <>
          <span className="sv-tag">project</span> {event.project} <span className={event.status === 200 ? 'ok' : 'bad'}>{event.status}</span>{' '}
          <span className="muted">
            <TermText text={event.reason} />
          </span>
        </>
      )
    case 'clock':
      return (
        <>
          <span className="sv-tag clock">clock</span> +{virtualSpan(event.by)} <span className="muted">→ {clockTime(event.to)} virtual time</span>
        </>
      )
    case 'sweep':
      return (
        <>
          <span className="sv-tag">stale sweep</span> {event.clearedActiveUsers.length > 0 ? <>cleared active user of {event.clearedActiveUsers.join(', ')}</> : 'nothing cleared'}
          <span className="muted"> · stale: {event.stale.join(', ') || 'none'}</span>
        </>
      )
    case 'fault':
      return (
        <>
          <span className="sv-tag sv-tag-warn">fault</span> {event.fault} <span className="muted">{event.detail}</span>
        </>
      )
    default:
      return <span className="muted">{describeEvent(event)}</span>
  }
}
