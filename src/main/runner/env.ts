/** A simulated process environment: the runner's own map, never `process.env`. */
export type Env = Map<string, string>

/**
 * `expand_env_vars` on one string, as the MCP config builder runs it (docs/platform/runner.md#custom-mcp-servers-at-head):
 * `${VAR}` and `${VAR:-default}` only, never a bare `$VAR`; an unset variable gives the default or
 * nothing, a variable set to "" stays "" (Python's `os.environ.get(name, default)`).
 */
export function expandVars(text: string, env: ReadonlyMap<string, string>, unset: 'empty' | 'keep' = 'empty'): string {
  // HEAD's credential MCP registry expands with its own `_expand_env_vars`, which keeps an unset `${VAR}` as written.
  return text.replace(/\$\{([^}:]+)(?::-([^}]*))?\}/g, (whole, name: string, fallback: string | undefined) => env.get(name) ?? fallback ?? (unset === 'keep' ? whole : ''))
}

export function envToObject(env: ReadonlyMap<string, string>): Record<string, string> {
  return Object.fromEntries([...env].sort(([a], [b]) => a.localeCompare(b)))
}

/**
 * What a shell in the pod would make of a line before running it: `$(cat FILE)` from the pod's
 * files, then `${VAR:-default}`, `${VAR}` and `$VAR` from its env. The http tool and a scenario's
 * request from inside the runner use it, so an agent can read what the pod holds in files as well
 * as env (at HEAD the BOT token is a file: `${BOT_TOKEN:-$(cat /var/run/secrets/ambient/bot-token)}`).
 */
export async function expandShell(text: string, env: ReadonlyMap<string, string>, readFile: (path: string) => Promise<string | null>): Promise<string> {
  const paths = [...text.matchAll(/\$\(cat\s+([^)\s]+)\s*\)/g)].map((m) => m[1] ?? '')
  const contents = new Map<string, string>()
  for (const path of paths) contents.set(path, ((await readFile(path)) ?? '').replace(/\n+$/, ''))
  const substituted = text.replace(/\$\(cat\s+([^)\s]+)\s*\)/g, (_m, path: string) => contents.get(path) ?? '')
  return substituted
    .replace(/\$\{([A-Za-z_][A-Za-z0-9_]*):-([^}]*)\}/g, (_m, name: string, fallback: string) => env.get(name) || fallback)
    .replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, braced: string | undefined, bare: string | undefined) => env.get(braced ?? bare ?? '') ?? '')
}
