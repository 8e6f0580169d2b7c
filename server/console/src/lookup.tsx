import './app/global.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { LookupPage } from './features/lookup/components/LookupPage';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <LookupPage />
    </StrictMode>,
  );
}
