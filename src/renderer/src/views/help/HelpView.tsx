import { useEffect, useMemo, useState } from 'react'
import { GLOSSARY, GLOSSARY_GROUPS, searchGlossary, type GlossaryEntry } from '../../../../shared/glossary'
import { useApp } from '../../store/app-store'
import './help.css'

/** The anchor of a term in this view. */
export function termAnchor(id: string): string {
  return `term-${id}`
}

/**
 * Every term the app shows, what it means, and where the docs say more. Searchable; each term
 * has its own anchor, which a click on a <Term> anywhere opens and highlights.
 */
export function HelpView(): React.JSX.Element {
  const helpTerm = useApp((s) => s.helpTerm)
  const openHelp = useApp((s) => s.openHelp)
  const [query, setQuery] = useState('')
  const found = useMemo(() => searchGlossary(query), [query])
  const searching = query.trim() !== ''

  // Arriving at a term shows the whole glossary again, scrolled to the term and focused on it;
  // `n` makes a second visit to the same term scroll again.
  const [target, setTarget] = useState<{ id: string; n: number } | null>(null)
  const goTo = (id: GlossaryEntry['id']): void => {
    setQuery('')
    setTarget((t) => ({ id, n: (t?.n ?? 0) + 1 }))
  }
  useEffect(() => {
    if (helpTerm !== null) goTo(helpTerm)
  }, [helpTerm])
  useEffect(() => {
    if (searching || target === null) return
    const at = document.getElementById(termAnchor(target.id))
    at?.scrollIntoView({ block: 'start' })
    at?.focus({ preventScroll: true })
  }, [target, searching])

  const groups = GLOSSARY_GROUPS.map((group) => ({ group, entries: GLOSSARY.filter((e) => e.group === group) }))
  return (
    <div className="ui-view" data-testid="view-help">
      <header className="ui-head">
        <h1>Help</h1>
        <span className="muted">what the words on screen mean; click an underlined term anywhere to land here</span>
      </header>
      <div className="hv-body">
        <nav className="hv-index" aria-label="Terms">
          <input type="search" className="hv-search" placeholder={`Search ${GLOSSARY.length} terms…`} value={query} onChange={(e) => setQuery(e.target.value)} aria-label="Search the glossary" data-testid="help-search" />
          {groups.map(({ group, entries }) => (
            <div key={group} className="hv-index-group">
              <div className="hv-index-title">{group}</div>
              {entries.map((e) => (
                <button key={e.id} type="button" className={e.id === helpTerm ? 'hv-index-item current' : 'hv-index-item'} onClick={() => {
                    openHelp(e.id)
                    goTo(e.id)
                  }} aria-current={e.id === helpTerm ? 'true' : undefined}>
                  {e.term}
                </button>
              ))}
            </div>
          ))}
        </nav>
        <div className="hv-content" data-testid="help-content">
          {searching ? (
            <>
              <p className="muted hv-count" data-testid="help-count">
                {found.length === 0 ? `No term matches “${query.trim()}”.` : `${found.length} of ${GLOSSARY.length} terms match “${query.trim()}”.`}
              </p>
              {found.map((e) => (
                <TermEntry key={e.id} entry={e} current={e.id === helpTerm} />
              ))}
            </>
          ) : (
            groups.map(({ group, entries }) => (
              <section key={group} className="hv-group">
                <h2>{group}</h2>
                {entries.map((e) => (
                  <TermEntry key={e.id} entry={e} current={e.id === helpTerm} />
                ))}
              </section>
            ))
          )}
        </div>
      </div>
    </div>
  )
}

function TermEntry({ entry, current }: { entry: GlossaryEntry; current: boolean }): React.JSX.Element {
  return (
    <article id={termAnchor(entry.id)} className={current ? 'hv-term current' : 'hv-term'} tabIndex={-1} data-testid={`help-term-${entry.id}`} aria-labelledby={`${termAnchor(entry.id)}-name`}>
      <h3 id={`${termAnchor(entry.id)}-name`} className="hv-term-name">
        {entry.term}
        {entry.aliases && entry.aliases.length > 0 && <span className="hv-aliases"> also {entry.aliases.join(', ')}</span>}
      </h3>
      <p className="hv-short">{entry.short}</p>
      <p className="hv-long">{entry.long}</p>
      {entry.doc && (
        <p className="hv-doc">
          More in the repository’s docs: <code className="selectable">{entry.doc}</code>
        </p>
      )}
    </article>
  )
}
