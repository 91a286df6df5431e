import type { FakeResponse } from './fake-response.js';
import { newUserId, type TokenRegistry } from './token-registry.js';

/** What the OAuth routes need from the fake. */
export interface OAuthContext {
  clientId: string;
  clientSecret: string;
  registry: TokenRegistry;
  autoApprove: boolean;
  redirectUris: string[] | undefined;
  now: () => number;
}

/** RFC 6749 error body, as Netatmo's `/oauth2/token` answers: `{"error":"invalid_grant"}`. */
function oauthError(error: string, status = 400): FakeResponse {
  return { status, body: { error } };
}

/**
 * `POST /oauth2/token`: `authorization_code` and `refresh_token` grants with the client id and
 * secret in the form body; strict rotation.
 */
export function handleToken(context: OAuthContext, method: string, params: Record<string, string>): FakeResponse {
  if (method !== 'POST') return oauthError('invalid_request', 405);
  if (params['client_id'] !== context.clientId || params['client_secret'] !== context.clientSecret) {
    return oauthError('invalid_client');
  }
  switch (params['grant_type']) {
    case 'refresh_token': {
      const refreshToken = params['refresh_token'];
      if (!refreshToken) return oauthError('invalid_request');
      const issued = context.registry.rotate(refreshToken);
      return issued ? { body: issued } : oauthError('invalid_grant');
    }
    case 'authorization_code': {
      const { code, redirect_uri: redirectUri } = params;
      if (!code || !redirectUri) return oauthError('invalid_request');
      const issued = context.registry.redeemCode(code, redirectUri);
      return typeof issued === 'string' ? oauthError(issued) : { body: issued };
    }
    case 'password':
      // Netatmo removed the password grant in July 2023.
      return oauthError('unsupported_grant_type');
    default:
      return oauthError(params['grant_type'] ? 'unsupported_grant_type' : 'invalid_request');
  }
}

/**
 * `GET /oauth2/authorize` shows an approval page (or approves at once with `autoApprove`);
 * `POST /oauth2/authorize` is the page's Accept / Decline form. Both end in a redirect to
 * `redirect_uri` with `code` and `state`, or `error=access_denied`.
 */
export function handleAuthorize(context: OAuthContext, method: string, params: Record<string, string>): FakeResponse {
  const { client_id: clientId, redirect_uri: redirectUri, state = '' } = params;
  const scope = (params['scope'] ?? 'read_station').split(/[\s,]+/).filter(Boolean);
  if (clientId !== context.clientId) return page(400, 'Unknown application', '<p>invalid_client: no app has this client_id.</p>');
  if (!redirectUri || !isAbsoluteUrl(redirectUri)) return page(400, 'Invalid request', '<p>invalid_request: redirect_uri is missing or not absolute.</p>');
  if (context.redirectUris && !context.redirectUris.includes(redirectUri)) {
    return page(400, 'Redirect URI mismatch', `<p>redirect_uri_mismatch: <code>${escapeHtml(redirectUri)}</code> is not registered for this app.</p>`);
  }

  const decision = method === 'POST' ? params['decision'] : context.autoApprove ? 'accept' : undefined;
  if (decision === 'accept') {
    // Each approval is a Netatmo account of its own, unless the page (or a test) names one.
    const code = context.registry.createCode(redirectUri, scope, params['user'] || undefined);
    return redirect(redirectUri, { state, code });
  }
  if (decision === 'decline') return redirect(redirectUri, { state, error: 'access_denied' });

  const hidden = Object.entries({ client_id: clientId, redirect_uri: redirectUri, scope: scope.join(' '), state, user: params['user'] ?? newUserId() })
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`)
    .join('');
  return page(
    200,
    'Authorize application',
    `<p>The app <strong>${escapeHtml(clientId)}</strong> asks for access to your Netatmo data:</p>
<ul>${scope.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>
<form method="post" action="/oauth2/authorize">${hidden}
<button id="accept" type="submit" name="decision" value="accept">Accept</button>
<button id="decline" type="submit" name="decision" value="decline">Decline</button>
</form>`,
  );
}

function redirect(target: string, query: Record<string, string>): FakeResponse {
  const url = new URL(target);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return { status: 302, headers: { location: url.toString() }, body: '' };
}

function page(status: number, title: string, content: string): FakeResponse {
  return {
    status,
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} · fake Netatmo</title></head><body><h1>${title}</h1>${content}<p><small>This is netatmo-connect's fake Netatmo server.</small></p></body></html>`,
  };
}

function isAbsoluteUrl(value: string): boolean {
  try {
    return Boolean(new URL(value).protocol);
  } catch {
    return false;
  }
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
