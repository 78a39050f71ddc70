import { useRef } from 'react'
import { useApp } from '../store/app-store'
import { Icon } from './Icon'
import { rememberFile } from './opened-files'

/**
 * Opens a file from disk, whatever it is: a scenario (.yaml), a repro bundle (.json) or a JUnit
 * report of `credscope run` (.xml). The engine reads it, so errors carry file:line:col.
 */
export function OpenFileButton({ testId }: { testId: string }): React.JSX.Element {
  const input = useRef<HTMLInputElement>(null)
  const openFile = useApp((s) => s.openFile)
  return (
    <>
      <button type="button" className="btn" onClick={() => input.current?.click()} title="A scenario (.yaml), a repro bundle (.json) or a JUnit report of credscope run (.xml)" data-testid={testId}>
        <Icon name="file" size={13} /> Open file…
      </button>
      <input
        ref={input}
        type="file"
        accept=".yaml,.yml,.json,.xml,text/yaml,application/json,text/xml"
        hidden
        data-testid={`${testId}-input`}
        onChange={(e) => {
          const file = e.target.files?.[0]
          // Reset, so opening the same file again (after editing it) fires change again.
          e.target.value = ''
          if (!file) return
          rememberFile(file)
          void file.text().then((text) => openFile(file.name, text))
        }}
      />
    </>
  )
}
