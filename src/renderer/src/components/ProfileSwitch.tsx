import { PROFILE_NAMES, PROFILES, type ProfileName } from '../../../shared/profiles'

/** The three profiles as a segmented control; each button says what the profile stands for. */
export function ProfileSwitch({
  value,
  onChange,
  testId,
  size = 'normal'
}: {
  value: ProfileName
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
          title={PROFILES[name].summary}
          onClick={() => onChange(name)}
          data-testid={`${testId}-${name}`}
        >
          {name}
        </button>
      ))}
    </div>
  )
}
