// The gateway's HTTP routes for the session (the cookie is HttpOnly: the
// page only ever sees the officer, never the cookie nor a token).

async function call(method, body) {
  const response = await fetch('/api/session', {
    method,
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
    credentials: 'same-origin',
  });
  const json = await response.json().catch(() => ({}));
  if (!response.ok) throw json.error ?? { code: 'internal', details: {} };
  return json;
}

export const currentSession = () => call('GET');
export const login = (officer, pin) => call('POST', { officer, pin });
export const logout = () => call('DELETE');
