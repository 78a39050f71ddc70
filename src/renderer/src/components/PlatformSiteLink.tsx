import { platformSiteLabel, type PlatformSite } from '../../../shared/platform-sites'

/** `platform (head 0b59fe7de): components/…:412 (code: note)`, the file and line linked on GitHub at that commit. */
export function PlatformSiteLink({ site, testId }: { site: PlatformSite; testId?: string }): React.JSX.Element {
  return (
    <span className="platform-site" data-testid={testId}>
      {platformSiteLabel(site.version)}:{' '}
      {/* A new tab in the web shell; the desktop shell's window-open handler hands allowlisted links to the browser. */}
      <a className="mono" href={site.url} target="_blank" rel="noreferrer">
        {site.path}:{site.line}
      </a>{' '}
      <span className="muted">
        (<code>{site.code}</code>
        {site.note ? `: ${site.note}` : ''})
      </span>
    </span>
  )
}
