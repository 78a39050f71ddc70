/** What `credscope serve` prints on stdout when ready, as one JSON line (docs/control-api.md). */
export interface ReadyLine {
  ready: true
  appUrl: string
  frontDoorUrl: string
  backendUrl: string
  controlUrl: string
  controlToken: string
}
