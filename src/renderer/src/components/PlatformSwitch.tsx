import { PLATFORM_VERSIONS, PLATFORMS, type PlatformVersion } from '../../../shared/platform-versions'

/** The two platform versions as a segmented control; each button names its commit and what it is. */
export function PlatformSwitch({
  value,
  onChange,
  testId,
  size = 'normal'
}: {
  value: PlatformVersion
  onChange: (platform: PlatformVersion) => void
  testId: string
  size?: 'normal' | 'small'
}): React.JSX.Element {
  return (
    <div className={`ui-seg ${size === 'small' ? 'ui-seg-small' : ''}`} role="group" aria-label="Platform version" data-testid={testId}>
      {PLATFORM_VERSIONS.map((version) => (
        <button
          key={version}
          type="button"
          className={value === version ? 'active' : ''}
          aria-pressed={value === version}
          title={`${version}: ${PLATFORMS[version].commit} (${PLATFORMS[version].date}), ${PLATFORMS[version].summary}`}
          onClick={() => onChange(version)}
          data-testid={`${testId}-${version}`}
        >
          {version}
        </button>
      ))}
    </div>
  )
}
