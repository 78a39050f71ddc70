import type { PlatformVersion } from '../../../shared/platform-versions'
import { PROFILE_NAMES, PROFILE_SUMMARIES, profileVersions, type ProfileName } from '../../../shared/profiles'

/** The three profiles as a segmented control; each button says what the profile stands for (pre-fix takes the merge). */
export function ProfileSwitch({
  value,
  platform,
  onChange,
  testId,
  size = 'normal'
}: {
  value: ProfileName
  platform: PlatformVersion
  onChange: (profile: ProfileName) => void
  testId: string
  size?: 'normal' | 'small'
}): React.JSX.Element {
  return (
    <div className={`ui-seg ${size === 'small' ? 'ui-seg-small' : ''}`} role="group" aria-label="Profile" data-testid={testId}>
      {PROFILE_NAMES.map((name) => (
        <button
          key={name}
          type="button"
          className={value === name ? 'active' : ''}
          aria-pressed={value === name}
          title={profileVersions(name).includes(platform) ? PROFILE_SUMMARIES[name] : `${PROFILE_SUMMARIES[name]}; choosing it switches to the merge`}
          onClick={() => onChange(name)}
          data-testid={`${testId}-${name}`}
        >
          {name}
        </button>
      ))}
    </div>
  )
}
