/**
 * The API's method names, alone, so the sandboxed preload can expose one named function per
 * method without bundling the schemas. api.ts checks at compile time that this list is complete.
 */
export const API_METHOD_NAMES = [
  'getState',
  'restart',
  'sendTurn',
  'listTurns',
  'getTurn',
  'advanceClock',
  'tokenAction',
  'setFault',
  'debugger',
  'setBreakpoints',
  'credentialAction',
  'matrix',
  'listScenarios',
  'runScenario',
  'diffScenario',
  'listRuns',
  'openRun',
  'exportBundle',
  'exportReport',
  'replayRun',
  'renameRun',
  'openFile',
  'diffRuns',
  'exploreScenario',
  'stopExplore'
] as const

export type ApiMethodName = (typeof API_METHOD_NAMES)[number]

/** The IPC channel of a method, and the one pushes arrive on. */
export const ipcChannel = (method: ApiMethodName): string => `credscope:${method}`
export const PUSH_CHANNEL = 'credscope:push'

/** What crosses IPC for a call: Electron only carries an error's message, so results are wrapped. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } }
