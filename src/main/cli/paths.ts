import { homedir } from 'node:os'
import { join } from 'node:path'

/** Where credscope keeps its run history by default, per platform; CREDSCOPE_HOME overrides it. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CREDSCOPE_HOME) return env.CREDSCOPE_HOME
  switch (process.platform) {
    case 'darwin':
      return join(homedir(), 'Library', 'Application Support', 'credscope')
    case 'win32':
      return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'credscope')
    default:
      return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'credscope')
  }
}

export function defaultDbPath(): string {
  return join(defaultDataDir(), 'credscope.db')
}
