import type { Hop } from '../../../shared/events'
import { HOSTS } from '../../net/hosts'

/** Which part of the world a URL's host is, for the trace's lanes. */
export function hopOfHost(host: string): Hop {
  if (host === HOSTS.backend) return 'backend'
  if (host === HOSTS.kubeApi) return 'kube'
  if (host === HOSTS.apiServer || host === HOSTS.cpTokenServer) return 'control-plane'
  if (/^session-[^.]+\.[^.]+\.svc\.cluster\.local$/.test(host)) return 'runner'
  return 'provider'
}
