/** What `credscope serve` prints on stdout when ready, as one JSON line (DESIGN.md). */
export interface ReadyLine {
  ready: true
  appUrl: string
  frontDoorUrl: string
  backendUrl: string
  controlUrl: string
  controlToken: string
}
