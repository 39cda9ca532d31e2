// GraphiQL for the signed-in user: each request carries the user's current access token, fetched from the
// server session (/graphiql/token), so the API sees the same bearer token an integrator would send.
(function () {
  async function token(attempt = 1) {
    try {
      const response = await fetch('/graphiql/token', {credentials: 'same-origin', redirect: 'error'});
      if (response.ok) {
        return (await response.json()).accessToken;
      }
    } catch (e) {
      // the session is being established or renewed: try once more, then ask for a sign-in
    }
    if (attempt < 2) {
      await new Promise(resolve => setTimeout(resolve, 500));
      return token(attempt + 1);
    }
    window.location.assign('/graphiql' + window.location.search);
    throw new Error('not signed in');
  }

  async function fetcher(params) {
    const response = await fetch('/graphql', {
      method: 'POST',
      headers: {'Content-Type': 'application/json', 'Authorization': 'Bearer ' + await token()},
      body: JSON.stringify(params)
    });
    return response.json();
  }

  const query = new URLSearchParams(window.location.search).get('query') || '{ _objects { apiName version } }';
  const root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, {fetcher: fetcher, defaultQuery: query, query: query}));
})();
