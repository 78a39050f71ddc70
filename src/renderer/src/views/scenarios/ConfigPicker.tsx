import { ProfileSwitch } from '../../components/ProfileSwitch'
import { PlatformSwitch } from '../../components/PlatformSwitch'
import { withPlatform, withProfile, type FlawConfig } from '../../components/flaw-config'
import { FlawDropdown } from './FlawDropdown'

/** A platform version, a profile and its flaws: what one run (or one side of a diff) runs under. */
export function ConfigPicker({ label, config, onChange, testId }: { label?: string; config: FlawConfig; onChange: (config: FlawConfig) => void; testId: string }): React.JSX.Element {
  return (
    <div className="sc-config" data-testid={testId}>
      {label && <span className="sc-config-label">{label}</span>}
      <PlatformSwitch value={config.platform} onChange={(v) => onChange(withPlatform(config, v))} testId={`${testId}-platform`} size="small" />
      <ProfileSwitch value={config.profile} platform={config.platform} onChange={(p) => onChange(withProfile(config, p))} testId={`${testId}-profile`} size="small" />
      <FlawDropdown config={config} onChange={onChange} testId={testId} />
    </div>
  )
}
