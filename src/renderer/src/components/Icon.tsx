/** Small line icons drawn inline, so nothing depends on an icon font or emoji support. */
const PATHS = {
  key: 'M10.5 7.5a3.5 3.5 0 1 1-1.8-3.06M8.7 4.44 14 9.7l-1.6 1.6-1.2-1.2-1.1 1.1-1.2-1.2M5 9.5a1 1 0 1 0 0 .01',
  chip: 'M5 4h6v8H5zM3 6h2M3 10h2M11 6h2M11 10h2M7 2v2M9 2v2M7 12v2M9 12v2',
  clock: 'M8 2.5a5.5 5.5 0 1 0 0 11 5.5 5.5 0 0 0 0-11M8 5v3.2l2.2 1.3',
  refresh: 'M13 5.5A5.5 5.5 0 1 0 13.5 9M13 2v3.5H9.5',
  download: 'M8 2.5v8M4.5 7.5 8 11l3.5-3.5M3 13.5h10',
  play: 'M5 3.5v9l7-4.5z',
  pause: 'M5.5 3.5v9M10.5 3.5v9',
  step: 'M8 2.5v8M4.5 7.5 8 11l3.5-3.5M4 13.5h8',
  open: 'M9 3h4v4M13 3 7.5 8.5M11 9.5V13H3V5h3.5',
  replay: 'M3 8a5 5 0 1 0 1.5-3.6M3 2.5v3h3',
  file: 'M4 2h5l3 3v9H4zM9 2v3h3',
  plus: 'M8 3v10M3 8h10',
  rotate: 'M12.5 6A4.8 4.8 0 0 0 3.6 6.6M3.5 10a4.8 4.8 0 0 0 8.9-.6M12.5 3v3h-3M3.5 13v-3h3',
  trash: 'M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.6 9h5.8l.6-9',
  warn: 'M8 2.5 14 13H2zM8 6.5v3M8 11.2v.1',
  check: 'M3.5 8.5 6.5 11.5 12.5 4.5',
  cross: 'M4.5 4.5l7 7M11.5 4.5l-7 7',
  diff: 'M5 2.5v11M11 2.5v11M2.5 5.5h5M8.5 10.5h5'
} as const

export type IconName = keyof typeof PATHS

export function Icon({ name, size = 14, title }: { name: IconName; size?: number; title?: string }): React.JSX.Element {
  return (
    <svg className="ui-icon" width={size} height={size} viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" aria-hidden={title ? undefined : true} role={title ? 'img' : undefined}>
      {title && <title>{title}</title>}
      <path d={PATHS[name]} />
    </svg>
  )
}
