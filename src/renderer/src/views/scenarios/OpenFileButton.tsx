import { useRef } from 'react'
import { Icon } from '../../components/Icon'

/** Reads a scenario file from disk as text; the engine parses it, so errors carry file:line:col. */
export function OpenFileButton({ onOpen }: { onOpen: (name: string, source: string) => void }): React.JSX.Element {
  const input = useRef<HTMLInputElement>(null)
  return (
    <>
      <button type="button" className="btn" onClick={() => input.current?.click()} data-testid="scenario-open-file">
        <Icon name="file" size={13} /> Open file…
      </button>
      <input
        ref={input}
        type="file"
        accept=".yaml,.yml,text/yaml"
        hidden
        data-testid="scenario-file-input"
        onChange={(e) => {
          const file = e.target.files?.[0]
          // Reset, so opening the same file again (after editing it) fires change again.
          e.target.value = ''
          if (file) void file.text().then((text) => onOpen(file.name, text))
        }}
      />
    </>
  )
}
