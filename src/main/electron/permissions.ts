/**
 * The window's permission policy: refuse everything. The app needs no camera, microphone,
 * notifications, clipboard reads, geolocation, devices or fullscreen, so nothing is ever granted.
 */

/** Answers every permission request with no. */
export function denyPermissionRequest(_contents: unknown, _permission: string, callback: (granted: boolean) => void): void {
  callback(false)
}

/** Answers every permission check with no; Chromium checks before it asks, so both must say no. */
export function denyPermissionCheck(_contents: unknown, _permission: string): boolean {
  return false
}

/** The slice of an Electron session that takes the two handlers, so tests need no Electron. */
export interface PermissionSessionLike {
  setPermissionRequestHandler(handler: typeof denyPermissionRequest): void
  setPermissionCheckHandler(handler: typeof denyPermissionCheck): void
}

/** Installs both denying handlers on a session (the window's). */
export function denyAllPermissions(session: PermissionSessionLike): void {
  session.setPermissionRequestHandler(denyPermissionRequest)
  session.setPermissionCheckHandler(denyPermissionCheck)
}
