/**
 * The shell variable a reviewer holds a principal's token in: what the matrix's curl lines use
 * and what `credscope env` exports (`TOKEN_BOB`, `TOKEN_APIKEY_CI_BOT`, `TOKEN_SA_ROGUE`,
 * `BOT_TOKEN`); null for `none`.
 */
export function tokenVariable(principal: string): string | null {
  if (principal === 'none') return null
  if (principal === 'bot') return 'BOT_TOKEN'
  return `TOKEN_${shellName(principal.replace(/^(apikey|sa):/, '$1_'))}`
}

/** A session's own BOT token variable, for worlds with more than one session: `BOT_TOKEN_DEMO_SHARED_1`. */
export function botTokenVariable(project: string, session: string): string {
  return `BOT_TOKEN_${shellName(`${project}_${session}`)}`
}

function shellName(text: string): string {
  return text.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()
}
