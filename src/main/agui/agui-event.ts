/** One AG-UI event as the runner streams it (`RUN_STARTED`, `TOOL_CALL_RESULT`, ...). */
export interface AguiEvent {
  type: string
  runId?: string
  threadId?: string
  [key: string]: unknown
}
