import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'

// One build for every shell: the Electron main process, the CLI (which also hosts the web
// shell), the sandboxed preload and the renderer.
export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve('src/main/index.ts'),
          cli: resolve('src/main/cli/index.ts')
        }
      }
    }
  },
  preload: {
    build: {
      // A sandboxed preload can only be one CommonJS file that requires nothing but electron.
      externalizeDeps: false,
      isolatedEntries: true,
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  renderer: {
    root: resolve('src/renderer'),
    build: {
      // Shipped minified, the app's own code apart from the libraries it pins, so a change to the
      // app leaves the vendor chunk cached.
      minify: true,
      rollupOptions: {
        input: { index: resolve('src/renderer/index.html') },
        output: { manualChunks: (id: string) => (id.includes('/node_modules/') ? 'vendor' : undefined) }
      }
    }
  }
})
