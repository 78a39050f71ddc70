/** A simulated process environment: the runner's own map, never `process.env`. */
export type Env = Map<string, string>

/** Expands `${VAR}` (and `$VAR`) from an env, as the MCP config builder and the http tool do. */
export function expandVars(text: string, env: ReadonlyMap<string, string>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, braced: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare ?? ''
    return env.get(name) ?? ''
  })
}

export function envToObject(env: ReadonlyMap<string, string>): Record<string, string> {
  return Object.fromEntries([...env].sort(([a], [b]) => a.localeCompare(b)))
}
