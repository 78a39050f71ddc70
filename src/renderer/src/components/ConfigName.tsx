import { configDelta } from '../../../shared/profiles'
import type { FlawConfig } from './flaw-config'
import { Term } from './Term'

/**
 * A configuration in the words every view uses (`head · as-is + r12`, describeConfig), with the
 * version and the profile as glossary terms. `exact` adds what was switched on top of the profile.
 */
export function ConfigName({ config, exact = true }: { config: FlawConfig; exact?: boolean }): React.JSX.Element {
  const rest = exact ? configDelta(config) : ''
  return (
    <>
      <Term id={config.platform} /> · <Term id={config.profile} />
      {rest}
    </>
  )
}
