import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { createApi } from './api/api'
import { App } from './App'
import { appStore } from './store/app-store'
import './styles.css'

const root = document.getElementById('root')
if (root) {
  const api = createApi()
  if ('error' in api) appStore.setState({ fatal: api.error })
  else void appStore.getState().connect(api)
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>
  )
}
