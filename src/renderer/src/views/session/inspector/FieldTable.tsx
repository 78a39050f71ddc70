import { isValidElement } from 'react'
import type { Whose } from '../format'
import { ownerColor } from '../../../components/UserBadge'

/** A value as a person reads it: strings as they are, lists joined, objects as `key value` lines. */
export function FieldValue({ value }: { value: unknown }): React.JSX.Element {
  if (value === null || value === undefined) return <span className="muted">—</span>
  // A value already drawn (a sink as a glossary term) shows as drawn.
  if (isValidElement(value)) return value
  if (typeof value === 'boolean') return <span>{value ? 'yes' : 'no'}</span>
  if (typeof value === 'string') return value === '' ? <span className="muted">(empty)</span> : <span className="sv-mono-wrap">{value}</span>
  if (typeof value === 'number') return <span className="mono">{value}</span>
  if (Array.isArray(value)) {
    const items: readonly unknown[] = value
    if (items.length === 0) return <span className="muted">none</span>
    if (items.every((v) => typeof v === 'string' || typeof v === 'number')) return <span className="sv-mono-wrap">{items.join(', ')}</span>
    return (
      <div className="sv-nested">
        {items.map((v, i) => (
          <div key={i} className="sv-nested-item">
            <FieldValue value={v} />
          </div>
        ))}
      </div>
    )
  }
  const entries = Object.entries(value as Record<string, unknown>)
  if (entries.length === 0) return <span className="muted">none</span>
  return <FieldTable rows={entries} nested />
}

/** Name → value rows; the first column sized to its longest name. */
export function FieldTable({ rows, testId, nested = false }: { rows: ReadonlyArray<[string, unknown]>; testId?: string; nested?: boolean }): React.JSX.Element {
  return (
    <table className={nested ? 'sv-kv sv-kv-nested' : 'sv-kv'} data-testid={testId}>
      <tbody>
        {rows.map(([k, v]) => (
          <tr key={k}>
            <th>{k}</th>
            <td>
              <FieldValue value={v} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** Whose a value is, in the owner's colour, with what it is on hover. */
export function WhoseTag({ whose }: { whose: Whose | null }): React.JSX.Element {
  if (!whose) return <span className="muted">—</span>
  const owner = whose.owner.replace(/^sa:[^/]+\//, 'sa ').replace(/^platform:/, 'platform ')
  return (
    <span className="sv-whose" style={{ color: ownerColor(whose.owner) }} title={whose.what}>
      <span className="sv-owner-dot" style={{ background: ownerColor(whose.owner) }} />
      {owner}
    </span>
  )
}

/** A titled block of the inspector. */
export function Section({ title, aside, children, testId }: { title: string; aside?: React.ReactNode; children: React.ReactNode; testId?: string }): React.JSX.Element {
  return (
    <section className="sv-section" data-testid={testId}>
      <h3 className="sv-section-title">
        <span>{title}</span>
        {aside && <span className="sv-section-aside">{aside}</span>}
      </h3>
      {children}
    </section>
  )
}
