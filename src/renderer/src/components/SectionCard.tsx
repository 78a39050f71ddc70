/** A titled card of a view (World, Scenarios, Matrix, Runs): a heading, a line on what it shows, and its content. */
export function SectionCard({
  title,
  note,
  aside,
  testId,
  className,
  children
}: {
  title: React.ReactNode
  note?: React.ReactNode
  /** More of the heading line after the note (a warning, a control). */
  aside?: React.ReactNode
  testId?: string
  className?: string
  children: React.ReactNode
}): React.JSX.Element {
  return (
    <section className={className ? `ui-section ${className}` : 'ui-section'} data-testid={testId}>
      <header className="ui-section-head">
        <h2>{title}</h2>
        {note !== undefined && <span className="muted">{note}</span>}
        {aside}
      </header>
      {children}
    </section>
  )
}
