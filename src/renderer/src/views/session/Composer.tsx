import { useMemo, useRef } from 'react'
import type { CredscopeApi, WorldSummary } from '../../../../shared/api'
import { parseToolScript, TOOL_SYNTAX } from '../../../../shared/tools'
import { useApp } from '../../store/app-store'
import type { ComposerDraft } from '../../store/types'
import { plural } from '../../components/format'

type SendInput = Parameters<CredscopeApi['sendTurn']>[0]

/** One entry of the tool palette: what it inserts and what it does. */
interface PaletteItem {
  label: string
  insert: string
  what: string
}

function palette(world: WorldSummary, project: string, session: string): PaletteItem[] {
  const servers = [...new Set(world.users.flatMap((u) => u.credentials.map((c) => c.slot)).filter((s) => s.startsWith('mcp:')).map((s) => s.slice(4)))]
  const items: PaletteItem[] = []
  for (const t of TOOL_SYNTAX) {
    const head = t.syntax.split(' ')[0] ?? t.syntax
    if (head === 'mcp.<server>.whoami') {
      for (const server of servers) items.push({ label: `mcp.${server}.whoami`, insert: `mcp.${server}.whoami`, what: t.what })
    } else if (head === 'fs.list') items.push({ label: 'fs.list', insert: 'fs.list /workspace', what: t.what })
    else if (head === 'fs.read') items.push({ label: 'fs.read …', insert: 'fs.read /tmp/.ambient_github_token', what: `${t.syntax}: ${t.what}` })
    else if (head === 'sleep') items.push({ label: 'sleep', insert: 'sleep 10m', what: t.what })
    else if (head === 'bg') items.push({ label: 'bg …', insert: 'bg 10m git.whoami', what: `${t.syntax}: ${t.what}` })
    else if (head === 'fail') items.push({ label: 'fail', insert: 'fail scripted failure', what: t.what })
    else if (head === 'kube.secret') items.push({ label: 'kube.secret …', insert: `kube.secret ambient-runner-token-${session}`, what: `${t.syntax}: ${t.what}` })
    else if (head === 'http') {
      // The R5 move: an editor's turn spends the pod's BOT_TOKEN on the owner's credentials.
      const url = `\${BACKEND_API_URL}/projects/${project}/agentic-sessions/${session}/credentials/github`
      items.push({ label: 'http …', insert: `http GET ${url} -H 'Authorization: Bearer \${BOT_TOKEN}'`, what: `${t.syntax}: ${t.what}` })
    } else items.push({ label: head, insert: head, what: t.what })
  }
  return items
}

function roleIn(world: WorldSummary, userId: string, project: string, session: string): string {
  const s = world.sessions.find((x) => x.project === project && x.name === session)
  if (s?.owner === userId) return 'owner'
  const share = s?.sharedWith[userId]
  if (share) return share === 'edit' ? 'editor' : share === 'view' ? 'viewer' : share
  const member = world.projects.find((p) => p.name === project)?.members[userId]
  return member ? `project ${member}` : 'no access'
}

/** The composer's sender choice as the API's sender. */
function senderOf(draft: ComposerDraft): SendInput['sender'] {
  if (draft.sender === 'scheduled') return { kind: 'scheduled' }
  if (draft.sender.startsWith('apikey:')) return { kind: 'apikey', key: draft.sender.slice('apikey:'.length) }
  const userId = draft.sender.replace(/^user:/, '')
  return draft.viaCookie ? { kind: 'user', userId, browserSession: true } : { kind: 'user', userId }
}

/** Sends a turn as any user, API key or schedule, with the scripted agent's tools one click away. */
export function Composer(): React.JSX.Element {
  const world = useApp((s) => s.state?.world ?? null)
  const draft = useApp((s) => s.draft)
  const setDraft = useApp((s) => s.setDraft)
  const sendTurn = useApp((s) => s.sendTurn)
  const inFlight = useApp((s) => s.sendsInFlight)
  const paused = useApp((s) => s.debugger.paused)
  const isLive = useApp((s) => s.viewedIsLive)
  const area = useRef<HTMLTextAreaElement>(null)
  const [project = 'demo', session = 'shared-1'] = draft.session.split('/')
  const parsed = useMemo(() => parseToolScript(draft.message), [draft.message])
  const items = useMemo(() => (world ? palette(world, project, session) : []), [world, project, session])
  const tools = parsed.steps.filter((s) => s.kind === 'tool').length
  const says = parsed.steps.length - tools
  const canSend = isLive && parsed.errors.length === 0 && world !== null

  const send = (): void => {
    if (!canSend) return
    void sendTurn({ sender: senderOf(draft), project, session, ...(draft.thread.trim() ? { thread: draft.thread.trim() } : {}), message: draft.message })
  }

  const insert = (text: string): void => {
    const el = area.current
    const value = draft.message
    const caret = el ? el.selectionEnd : value.length
    const lineEnd = value.indexOf('\n', caret) < 0 ? value.length : value.indexOf('\n', caret)
    const lineStart = value.lastIndexOf('\n', lineEnd - 1) + 1
    const lineEmpty = value.slice(lineStart, lineEnd).trim() === ''
    // Onto the caret's line when it is empty, else onto a new line after it.
    const before = lineEmpty ? value.slice(0, lineStart) : `${value.slice(0, lineEnd)}\n`
    const next = `${before}${text}${value.slice(lineEnd)}`
    setDraft({ message: next })
    const at = before.length + text.length
    requestAnimationFrame(() => {
      area.current?.focus()
      area.current?.setSelectionRange(at, at)
    })
  }

  if (!world) return <div className="sv-composer" />
  const isUser = draft.sender.startsWith('user:')
  return (
    <section className="sv-composer" aria-label="Send a turn" data-testid="composer">
      <div className="sv-pane-title">
        <span>Send a turn</span>
        {inFlight > 0 && (
          <span className={paused ? 'sv-inflight sv-inflight-paused' : 'sv-inflight'} data-testid="composer-inflight">
            {paused ? `${plural(inFlight, 'turn')} paused at a gate` : `${plural(inFlight, 'turn')} in flight`}
          </span>
        )}
      </div>
      {!isLive && <p className="sv-readonly">A saved run is read-only. Go back to the live run to send turns.</p>}
      <div className="sv-form-row">
        <label className="sv-field sv-grow">
          <span className="sv-label">As</span>
          <select value={draft.sender} onChange={(e) => setDraft({ sender: e.target.value })} data-testid="composer-sender">
            <optgroup label="Users">
              {world.users.map((u) => (
                <option key={u.id} value={`user:${u.id}`}>
                  {u.id} — {roleIn(world, u.id, project, session)}
                </option>
              ))}
            </optgroup>
            {world.apiKeys.length > 0 && (
              <optgroup label="API keys">
                {world.apiKeys.map((k) => (
                  <option key={`${k.project}/${k.name}`} value={`apikey:${k.name}`}>
                    {k.name} — API key of {k.creator} ({k.role})
                  </option>
                ))}
              </optgroup>
            )}
            <optgroup label="Automated">
              <option value="scheduled">scheduled — the session&apos;s ServiceAccount, no sender</option>
            </optgroup>
          </select>
        </label>
        <label className={isUser ? 'sv-check' : 'sv-check sv-disabled'} title="Send the OAuth proxy's cookie instead of a bearer token: the proxy then sees only X-Forwarded-Access-Token (R11)">
          <input type="checkbox" checked={isUser && draft.viaCookie} disabled={!isUser} onChange={(e) => setDraft({ viaCookie: e.target.checked })} data-testid="composer-cookie" />
          cookie
        </label>
      </div>
      <div className="sv-form-row">
        <label className="sv-field sv-grow">
          <span className="sv-label">Session</span>
          <select value={draft.session} onChange={(e) => setDraft({ session: e.target.value })} data-testid="composer-session">
            {world.sessions.map((s) => (
              <option key={`${s.project}/${s.name}`} value={`${s.project}/${s.name}`} title={`owner ${s.owner}`}>
                {s.project}/{s.name} · {s.owner}
              </option>
            ))}
          </select>
        </label>
        <label className="sv-field sv-thread">
          <span className="sv-label">Thread</span>
          <input value={draft.thread} placeholder={session} onChange={(e) => setDraft({ thread: e.target.value })} data-testid="composer-thread" spellCheck={false} />
        </label>
      </div>
      <textarea
        ref={area}
        className="sv-message"
        value={draft.message}
        onChange={(e) => setDraft({ message: e.target.value })}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault()
            send()
          }
        }}
        rows={5}
        spellCheck={false}
        placeholder={'One tool call per line, e.g.\ngithub.whoami\nmcp.docs.whoami'}
        aria-label="Message: one tool call per line"
        data-testid="composer-message"
      />
      <div className="sv-palette" role="toolbar" aria-label="Tool palette" data-testid="composer-palette">
        {items.map((item) => (
          <button key={item.label} className="sv-tool" title={`${item.insert}\n${item.what}`} onClick={() => insert(item.insert)} data-testid={`palette-${item.label.replace(/[^a-z0-9]+/gi, '-').replace(/^-+|-+$/g, '')}`}>
            {item.label}
          </button>
        ))}
      </div>
      <div className="sv-send-row">
        <div className="sv-parse" data-testid="composer-parse">
          {parsed.errors.length > 0 ? (
            parsed.errors.slice(0, 2).map((e) => (
              <div key={e.line} className="bad">
                line {e.line}: {e.message}
              </div>
            ))
          ) : (
            <span className="muted">
              {plural(tools, 'tool call')}
              {says > 0 ? ` · ${plural(says, 'line')} of chat` : ''}
            </span>
          )}
        </div>
        <button className="btn primary sv-send" onClick={send} disabled={!canSend} title={isLive ? 'Send (Ctrl+Enter)' : 'Reopened runs are read-only'} data-testid="composer-send">
          Send <kbd className="sv-kbd-on-primary">Ctrl ↵</kbd>
        </button>
      </div>
    </section>
  )
}
