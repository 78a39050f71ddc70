import { rbacRowName } from '../../../../shared/glossary'
import type { RbacRow } from '../../../../shared/events'
import { Term } from '../../components/Term'

/** The RBAC row that decided a fetch, as a term, and the outcome: `row 10 · allow`, `outside the table · allow`. */
export function RbacRowTerm({ row }: { row: RbacRow | null }): React.JSX.Element {
  return <Term id={row === null ? 'outside-the-table' : 'rbac-table'}>{rbacRowName(row)}</Term>
}

/** A credential decision as the diagram and the ledger badge it. */
export function DecisionBadge({ row, allow }: { row: RbacRow | null; allow: boolean }): React.JSX.Element {
  return (
    <span className={allow ? 'sv-decision allow' : 'sv-decision deny'}>
      <RbacRowTerm row={row} /> · {allow ? 'allow' : 'deny'}
    </span>
  )
}
