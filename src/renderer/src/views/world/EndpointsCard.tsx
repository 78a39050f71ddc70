import { useApp } from '../../store/app-store'

/** The loopback URLs a reviewer points curl or Burp at; tokens come from the control API's /world. */
export function EndpointsCard(): React.JSX.Element | null {
  const urls = useApp((s) => s.state?.world.urls)
  const sso = useApp((s) => s.state?.world.identity === 'sso')
  if (!urls) return null
  const rows: Array<[string, string, string]> = [
    ['Front door', urls.frontDoor, sso ? 'SSO: validates the provider\'s five-minute JWTs, passes them on as Authorization' : 'OAuth proxy: validates bearer tokens, adds X-Forwarded-*'],
    ['Backend', urls.backend, 'Backend service, reached directly as a runner does'],
    ['Control', urls.control, 'GET /world with the control token lists real tokens']
  ]
  return (
    <section className="ui-card wv-endpoints" data-testid="world-endpoints">
      <div className="ui-card-label">Endpoints{sso ? ' · SSO sign-in' : ''}</div>
      <table className="ui-kv">
        <tbody>
          {rows.map(([label, url, hint]) => (
            <tr key={label} title={hint}>
              <th>{label}</th>
              <td className="mono selectable wv-endpoint" title={url}>
                {url.replace(/^https?:\/\//, '')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small wv-env-hint">
        <code>eval &quot;$(credscope env)&quot;</code> sets these and every token as the matrix&apos;s curl lines name them (<code>$TOKEN_BOB</code>); again after Apply and restart.
      </p>
    </section>
  )
}
