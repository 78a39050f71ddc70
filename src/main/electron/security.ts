/**
 * The desktop window's security settings, kept apart from Electron so tests can check them:
 * context isolation, sandbox, no Node in the page, no navigation, no new windows, and external
 * links only to an allowlist.
 */
export const WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webviewTag: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  spellcheck: false
} as const

/**
 * The desktop window's CSP, sent as a header on every app:// response: own scripts only, no
 * network at all (the desktop talks over IPC). index.html's looser meta CSP (connect-src 'self',
 * for the web shell) applies as well; a browser enforces both, so the stricter one wins.
 */
export const DESKTOP_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

const EXTERNAL_ALLOWLIST = [/^https:\/\/github\.com\/ambient-code\/platform(\/|$)/, /^https:\/\/github\.com\/[\w.-]+\/credscope(\/|$)/, /^https:\/\/electronjs\.org\/docs\//]

/** Whether a link may open in the user's browser. */
export function isAllowedExternal(url: string): boolean {
  try {
    const parsed = new URL(url)
    return parsed.protocol === 'https:' && EXTERNAL_ALLOWLIST.some((rule) => rule.test(parsed.href))
  } catch {
    return false
  }
}

/** Whether the window may navigate to a URL: only to the page it loaded (same scheme, host and path). */
export function isAllowedNavigation(url: string, loaded: string): boolean {
  try {
    const target = new URL(url)
    const home = new URL(loaded)
    return target.protocol === home.protocol && target.host === home.host && target.pathname === home.pathname
  } catch {
    return false
  }
}
