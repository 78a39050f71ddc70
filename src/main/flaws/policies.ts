import type { FlawSet } from './flaw-set'

/**
 * Flaws with more than one effect, each decided once here and read where it acts. A flaw with
 * one effect is decided at its own site, in the hop (the catalogue names every site).
 */

/** Where the bridge's end-of-turn cleanup runs: PR5 and R4 are two placements of the same call. */
export type CleanupPlacement = 'success-only' | 'stream-finally' | 'whole-turn'

export function cleanupPlacement(flaws: FlawSet): CleanupPlacement {
  // PR5 is the older code (cleanup after a successful stream only); R4 the merge's (in the
  // stream's finally). With both switched on, PR5's placement is what runs, so it comes first.
  if (flaws.has('pr5-cleanup-not-in-finally')) return 'success-only'
  if (flaws.has('r4-cleanup-skipped-on-early-failure')) return 'stream-finally'
  return 'whole-turn'
}

/**
 * R3: the runner's workers, MCP servers and user context outlive the turn. Read by the
 * bridge's cleanup (nothing is scrubbed) and by its rebuild check (a thread without a worker
 * does not rebuild its MCP servers for a new sender).
 */
export function turnStateOutlivesTurn(flaws: FlawSet): boolean {
  return flaws.has('r3-mcp-not-rebuilt')
}

/**
 * R6: the operator's created-by annotation makes the session's own BOT_TOKEN resolve to the
 * owner. Read by the backend's identity fallback (which maps it) and by the proxy (which, when
 * it is not mapped, runs a scheduled turn for the owner explicitly).
 */
export function sessionBotResolvesToOwner(flaws: FlawSet): boolean {
  return flaws.has('r6-annotation-maps-bot-to-owner')
}

/**
 * F1378: before 256d97d24 any pod could POST to a session's runner. Without the flaw the operator
 * mints a per-session agui-token, the runner's gate requires it and the backend's runner transport
 * sends it (docs/platform/runner.md#the-session-token-gate-at-head); HEAD always has it.
 */
export function sessionTokenGate(flaws: FlawSet): boolean {
  return !flaws.has('f1378-runner-accepts-any-pod')
}

/**
 * F1068: before 797d7bf86/a12620028 git in the CLI used the GITHUB_TOKEN it was spawned with.
 * Without the flaw populate writes the token files and installs the credential helper, and clear
 * removes the files (docs/platform/runner.md#the-git-credential-helper-and-the-gh-wrapper).
 */
export function tokenFilesAndHelper(flaws: FlawSet): boolean {
  return !flaws.has('f1068-git-uses-spawn-time-token')
}

/**
 * H11: a turn that reaches the runner over gRPC runs with no user (`grpc_transport.py:346`), for
 * the message says nothing of who pushed it. Without the flaw the api-server puts the pusher in
 * the message, and the runner's listener runs the turn for them (its BOT request, which has no
 * caller token to go with, names them). Read by the api-server's push and by the listener
 * (docs/platform/flaws.md#h11-grpc-turns-without-user).
 */
export function grpcTurnsCarrySender(flaws: FlawSet): boolean {
  return !flaws.has('h11-grpc-turns-without-user')
}

/**
 * H8: a control-plane session's bound credential serves whoever sends. Read by the api-server
 * (which serves it for any run the control plane's token asks about) and by the runner's sidecar
 * servers (hardened names the sender to the sidecar, which asks the api-server for that user;
 * docs/platform/flaws.md#h8-cp-credentials-per-binding).
 */
export function cpCredentialsPerBinding(flaws: FlawSet): boolean {
  return flaws.has('h8-cp-credentials-per-binding')
}

/**
 * F1222: before 9605012b0 every clear deleted the Google credentials file, which workspace-mcp
 * reads between turns (issue #1222). Without the flaw the clear keeps it, and the file is judged
 * as kept on purpose rather than left behind. Read by clearRuntimeCredentials and by the runner's
 * holdings (docs/platform/flaws.md#f1222-google-file-deleted-between-turns).
 */
export function googleFileKeptAtClear(flaws: FlawSet): boolean {
  return !flaws.has('f1222-google-file-deleted-between-turns')
}
