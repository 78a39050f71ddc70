import type { EventOf } from '../../../../../shared/events'
import { platformSitesFirst } from '../../../../../shared/platform-sites'
import { RBAC_ROW_SITES } from '../../../../../shared/rbac-sites'
import { PlatformSiteLink } from '../../../components/PlatformSiteLink'
import { selectRunPlatform } from '../../../store/run-platform'
import { useApp } from '../../../store/app-store'

/**
 * Where the platform decides the row that matched, at the run's version (every version when the
 * app does not know the run's). A decision before the table has no row, so no site.
 */
export function RbacRowSite({ event }: { event: EventOf<'rbac'> }): React.JSX.Element | null {
  const platform = useApp((s) => selectRunPlatform(s, event.runId))
  if (event.row === null) return null
  const sites = platformSitesFirst(RBAC_ROW_SITES[event.row], platform)
  const shown = platform === null ? sites : sites.filter((site) => site.version === platform)
  return (
    <p className="sv-why" data-testid="inspector-rbac-site">
      <span className="sv-label">decided at</span>{' '}
      {shown.map((site, i) => (
        <span key={site.version}>
          {i > 0 && '; '}
          <PlatformSiteLink site={site} testId={`inspector-rbac-site-${site.version}`} />
        </span>
      ))}
    </p>
  )
}
