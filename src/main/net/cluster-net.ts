/**
 * The simulated cluster DNS: names such as `backend-service.ambient-code.svc.cluster.local:8080`
 * map to the loopback port of the listener that plays that service. Traces keep the cluster
 * names, so they read like the platform's and do not change with OS-assigned ports.
 */
export class ClusterNet {
  private readonly names = new Map<string, number>()

  register(host: string, port: number, loopbackPort: number): void {
    this.names.set(`${host.toLowerCase()}:${port}`, loopbackPort)
  }

  unregister(host: string, port: number): void {
    this.names.delete(`${host.toLowerCase()}:${port}`)
  }

  /**
   * The loopback port behind a URL, or null when the name does not resolve (ENOTFOUND). From a
   * pod (`podHost`), localhost is that pod's own ports; from the harness, the machine's.
   */
  resolve(url: URL, podHost?: string): number | null {
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80))
    const host = url.hostname.toLowerCase()
    if (host === '127.0.0.1' || host === 'localhost') return podHost === undefined ? port : (this.names.get(`${podHost.toLowerCase()}:${port}`) ?? null)
    return this.names.get(`${host}:${port}`) ?? null
  }

  has(host: string, port: number): boolean {
    return this.names.has(`${host.toLowerCase()}:${port}`)
  }
}
