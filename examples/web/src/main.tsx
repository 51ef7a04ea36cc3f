import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApolloProvider } from '@apollo/client/react';
import { createArcheraClient } from '../../../clients/apollo';
import { App } from './App';
import './styles.css';

// Same origin as the page: the dev server (or the test's server) proxies /graphql to the gateway.
const client = createArcheraClient({ uri: '/graphql' });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ApolloProvider client={client}>
      <App />
    </ApolloProvider>
  </StrictMode>,
);
