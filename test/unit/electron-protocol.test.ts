import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  APP_PAGE_URL,
  APP_SCHEME_PRIVILEGES,
  appContentType,
  appProtocolHandler,
  appResponseHeaders,
  resolveAppRequest,
  type ReadRendererFile
} from '../../src/main/electron/app-protocol'
import { DESKTOP_CSP } from '../../src/main/electron/security'

const DIR = resolve('/srv/credscope/out/renderer')
const ORIGIN = 'app://credscope'

/** An in-memory renderer directory, so the handler runs without touching the disk. */
function fakeRenderer(files: Record<string, string>): ReadRendererFile {
  return async (file) => {
    const body = files[file]
    if (body === undefined) throw Object.assign(new Error(`ENOENT: ${file}`), { code: 'ENOENT' })
    return new TextEncoder().encode(body)
  }
}

const read = fakeRenderer({
  [join(DIR, 'index.html')]: '<!doctype html><script type="module" src="./assets/index.js"></script>',
  [join(DIR, 'assets/index.js')]: 'console.log(1)',
  [join(DIR, 'assets/index.css')]: 'body{}'
})
const serve = appProtocolHandler(DIR, read)
const get = (url: string, method = 'GET'): Promise<Response> => serve({ url, method })

describe('the app:// scheme', () => {
  it('is standard and secure, and bypasses neither CSP nor CORS', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({ standard: true, secure: true })
    expect(APP_PAGE_URL).toBe(`${ORIGIN}/index.html`)
  })

  it('maps the page and its assets to files inside the renderer directory', () => {
    expect(resolveAppRequest(DIR, APP_PAGE_URL)).toEqual({ ok: true, file: join(DIR, 'index.html'), contentType: 'text/html; charset=utf-8' })
    expect(resolveAppRequest(DIR, `${ORIGIN}/`)).toMatchObject({ ok: true, file: join(DIR, 'index.html') })
    expect(resolveAppRequest(DIR, `${ORIGIN}/assets/index-XfaKFU_I.js?v=1#x`)).toEqual({
      ok: true,
      file: join(DIR, 'assets/index-XfaKFU_I.js'),
      contentType: 'text/javascript; charset=utf-8'
    })
    expect(resolveAppRequest(DIR, `${ORIGIN}/assets/a%20b.css`)).toMatchObject({ ok: true, file: join(DIR, 'assets/a b.css') })
  })

  it('refuses path traversal, plain or encoded', () => {
    const attempts = [
      `${ORIGIN}/..%2f..%2fetc%2fpasswd`,
      `${ORIGIN}/assets/..%2F..%2F..%2Fetc%2Fpasswd`,
      `${ORIGIN}/%2e%2e%2f%2e%2e%2fetc/passwd`,
      `${ORIGIN}/..%5c..%5cwindows%5cwin.ini`,
      `${ORIGIN}/assets\\..\\..\\secret`,
      `${ORIGIN}/index.html%00.js`,
      `${ORIGIN}/C:%5cWindows%5cwin.ini`
    ]
    for (const url of attempts) expect(resolveAppRequest(DIR, url), url).toMatchObject({ ok: false, status: 403 })
  })

  it('keeps dot segments the URL parser resolves inside the directory', () => {
    // `..` and `%2e%2e` as whole segments are resolved by the URL parser and cannot climb past the root.
    for (const url of [`${ORIGIN}/../../etc/passwd`, `${ORIGIN}/assets/%2e%2e/%2e%2e/%2e%2e/etc/passwd`]) {
      const target = resolveAppRequest(DIR, url)
      expect(target, url).toEqual({ ok: true, file: join(DIR, 'etc/passwd'), contentType: 'application/octet-stream' })
    }
    for (const url of [`${ORIGIN}/..`, `${ORIGIN}/%2e%2e`, ORIGIN]) expect(resolveAppRequest(DIR, url), url).toMatchObject({ ok: true, file: join(DIR, 'index.html') })
  })

  it('refuses other hosts and schemes, directories, malformed escapes and methods other than GET and HEAD', () => {
    expect(resolveAppRequest(DIR, 'app://evil/index.html')).toMatchObject({ ok: false, status: 404 })
    expect(resolveAppRequest(DIR, 'file:///etc/passwd')).toMatchObject({ ok: false, status: 404 })
    expect(resolveAppRequest(DIR, `${ORIGIN}/assets/`)).toMatchObject({ ok: false, status: 404 })
    expect(resolveAppRequest(DIR, `${ORIGIN}//index.html`)).toMatchObject({ ok: false, status: 404 })
    expect(resolveAppRequest(DIR, `${ORIGIN}/%E0%A4%A.js`)).toMatchObject({ ok: false, status: 400 })
    expect(resolveAppRequest(DIR, 'not a url')).toMatchObject({ ok: false, status: 400 })
    expect(resolveAppRequest(DIR, APP_PAGE_URL, 'POST')).toMatchObject({ ok: false, status: 405 })
  })

  it('names content types by extension and leaves the rest opaque', () => {
    expect(appContentType('index.html')).toBe('text/html; charset=utf-8')
    expect(appContentType('a.JS')).toBe('text/javascript; charset=utf-8')
    expect(appContentType('a.css')).toBe('text/css; charset=utf-8')
    expect(appContentType('a.svg')).toBe('image/svg+xml')
    expect(appContentType('a.woff2')).toBe('font/woff2')
    expect(appContentType('a.exe')).toBe('application/octet-stream')
    expect(appContentType('LICENSE')).toBe('application/octet-stream')
  })

  it('sends the strict desktop CSP and nosniff on every response', () => {
    expect(appResponseHeaders('text/html; charset=utf-8')).toMatchObject({
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': DESKTOP_CSP,
      'X-Content-Type-Options': 'nosniff'
    })
  })
})

describe('the app:// handler', () => {
  it('serves the page with the CSP header, and its assets with their types', async () => {
    const page = await get(APP_PAGE_URL)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toBe(DESKTOP_CSP)
    expect(page.headers.get('x-content-type-options')).toBe('nosniff')
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await page.text()).toContain('./assets/index.js')
    const script = await get(`${ORIGIN}/assets/index.js`)
    expect(script.status).toBe(200)
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(script.headers.get('content-security-policy')).toBe(DESKTOP_CSP)
    expect(await script.text()).toBe('console.log(1)')
    expect((await get(`${ORIGIN}/assets/index.css`)).headers.get('content-type')).toBe('text/css; charset=utf-8')
  })

  it('answers an unknown file with 404, never with the page', async () => {
    const missing = await get(`${ORIGIN}/assets/nope.js`)
    expect(missing.status).toBe(404)
    expect(await missing.text()).not.toContain('<script')
    expect(missing.headers.get('content-security-policy')).toBe(DESKTOP_CSP)
    expect((await get(`${ORIGIN}/runs`)).status).toBe(404)
  })

  it('refuses traversal without reading anything', async () => {
    const reads: string[] = []
    const handler = appProtocolHandler(DIR, async (file) => {
      reads.push(file)
      return read(file)
    })
    const refused = await handler({ url: `${ORIGIN}/..%2f..%2fetc%2fpasswd`, method: 'GET' })
    expect(refused.status).toBe(403)
    expect(refused.headers.get('x-content-type-options')).toBe('nosniff')
    expect(reads).toEqual([])
  })

  it('answers HEAD without a body and other methods with 405', async () => {
    const head = await get(APP_PAGE_URL, 'HEAD')
    expect(head.status).toBe(200)
    expect(head.headers.get('content-security-policy')).toBe(DESKTOP_CSP)
    expect(await head.text()).toBe('')
    expect((await get(APP_PAGE_URL, 'POST')).status).toBe(405)
  })

  it('answers 500 when a file exists but cannot be read', async () => {
    const handler = appProtocolHandler(DIR, async () => {
      throw Object.assign(new Error('EACCES'), { code: 'EACCES' })
    })
    expect((await handler({ url: APP_PAGE_URL, method: 'GET' })).status).toBe(500)
  })
})
