// panva's oidc-provider (a certified OpenID Provider) in its standard configuration, one
// provider per realm mounted under /realms/<realm>, for the kit's interoperability tests.
//
//   node server.js --realms realm-a,realm-b --redirect-uri http://127.0.0.1:8000/accounts/callback
//
// Listens on 127.0.0.1, on a free port, and prints one JSON line on stdout once it serves:
// {"url": "http://127.0.0.1:<port>", "realms": [...], "clients": {...}, "users": [...]}.
// It stops when its standard input closes (the test process that started it has gone).
//
// Nothing Keycloak-specific: each realm's routes are the provider's own (found through its
// discovery document), access tokens are opaque unless asked for a resource (the gateway's
// audience: then an RFC 9068 JWT), refresh tokens come with offline_access, logout is
// RP-initiated at end_session_endpoint. The only additions are what a test needs and a
// deployment would have anyway: a sign-in form for the realm's users (the provider ships
// none for production), consent granted for the kit's own clients, and /_control routes
// (outside every realm) to rotate a realm's signing keys.

import { generateKeyPairSync, randomUUID } from 'node:crypto';
import http from 'node:http';

import Provider from 'oidc-provider';

const options = parseArguments(process.argv.slice(2));
const REALMS = options.realms.split(',').filter(Boolean);
const REDIRECT_URIS = options['redirect-uri'].split(',').filter(Boolean);
const POST_LOGOUT_REDIRECT_URIS = (options['post-logout-redirect-uri'] || '').split(',').filter(Boolean);
const ACCESS_TOKEN_TTL = Number(options['access-token-ttl'] || 300);
const RESOURCE = options.resource || 'urn:aether-kit:gateway';
const COOKIE_KEYS = new Map(REALMS.map((realm) => [realm, randomUUID()]));

const CLIENTS = {
  confidential: { id: 'kit-confidential', secret: 'kit-confidential-secret' },
  public: { id: 'kit-public' },
};
const PASSWORD = 'interop-password';
// the accounts of every realm; sub is a random id, as a real provider's user id is
const USERS = [
  { username: 'ana', given_name: 'Ana', family_name: 'Silva', email: 'ana@example.org' },
  { username: 'ben', given_name: 'Ben', family_name: 'Okafor', email: 'ben@example.org' },
];

function parseArguments(argv) {
  const parsed = {};
  for (let index = 0; index < argv.length; index += 2) {
    parsed[argv[index].replace(/^--/, '')] = argv[index + 1];
  }
  if (!parsed.realms || !parsed['redirect-uri']) {
    process.stderr.write('usage: node server.js --realms a,b --redirect-uri <uri>[,<uri>]\n');
    process.exit(2);
  }
  return parsed;
}

function newSigningKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), use: 'sig', alg: 'RS256' };
}

function accountsOf() {
  const byId = new Map();
  for (const user of USERS) {
    byId.set(randomUUID(), user);
  }
  return byId;
}

function configuration(realm, accounts, keys) {
  return {
    clients: [
      {
        client_id: CLIENTS.confidential.id,
        client_secret: CLIENTS.confidential.secret,
        redirect_uris: REDIRECT_URIS,
        post_logout_redirect_uris: POST_LOGOUT_REDIRECT_URIS,
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        // the standard default: the secret in the Authorization header
        token_endpoint_auth_method: 'client_secret_basic',
      },
      {
        client_id: CLIENTS.public.id,
        redirect_uris: REDIRECT_URIS,
        post_logout_redirect_uris: POST_LOGOUT_REDIRECT_URIS,
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
      },
    ],
    jwks: { keys },
    // one key per realm for the run: a rotation of the signing keys keeps the sessions
    cookies: { keys: [COOKIE_KEYS.get(realm)] },
    // PKCE for every client, confidential ones too
    pkce: { required: () => true },
    claims: {
      openid: ['sub'],
      profile: ['name', 'given_name', 'family_name', 'preferred_username'],
      email: ['email', 'email_verified'],
    },
    scopes: ['openid', 'offline_access', 'profile', 'email', 'api'],
    ttl: { AccessToken: ACCESS_TOKEN_TTL },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: true },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        // the gateway's audience: access tokens for it are JWTs (RFC 9068)
        getResourceServerInfo: async (ctx, indicator) => {
          if (indicator !== RESOURCE) {
            throw new Provider.errors.InvalidTarget();
          }
          return { scope: 'api', audience: RESOURCE, accessTokenFormat: 'jwt', accessTokenTTL: ACCESS_TOKEN_TTL };
        },
      },
    },
    findAccount: async (ctx, sub) => {
      const user = accounts.get(sub);
      if (!user) {
        return undefined;
      }
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          preferred_username: user.username,
          name: `${user.given_name} ${user.family_name}`,
          given_name: user.given_name,
          family_name: user.family_name,
          email: user.email,
          email_verified: true,
        }),
      };
    },
    interactions: { url: (ctx, interaction) => `/realms/${realm}/interaction/${interaction.uid}` },
  };
}

function newProvider(base, realm, accounts, keys) {
  const provider = new Provider(`${base}/realms/${realm}`, configuration(realm, accounts, keys));
  provider.on('server_error', (ctx, error) => process.stderr.write(`${realm}: ${error.stack}\n`));
  return provider;
}

function escape(text) {
  return String(text).replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function loginPage(realm, uid, failed) {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Sign in to ${escape(realm)}</title></head>
<body><h1>Sign in to ${escape(realm)}</h1>${failed ? '<p role="alert">Wrong username or password.</p>' : ''}
<form method="post" action="/realms/${escape(realm)}/interaction/${escape(uid)}/login">
<label for="username">Username</label><input id="username" name="username" autocomplete="username">
<label for="password">Password</label><input id="password" name="password" type="password">
<button type="submit">Sign in</button></form></body></html>`;
}

async function readForm(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 16 * 1024) {
      throw new Error('form too large');
    }
    chunks.push(chunk);
  }
  return Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
}

// the provider asks for a sign-in (prompt "login") or a consent (prompt "consent")
async function interaction(realm, state, req, res, action) {
  const { provider, accounts } = state;
  const details = await provider.interactionDetails(req, res);
  const { prompt } = details;
  if (prompt.name === 'login') {
    if (action !== 'login') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(loginPage(realm, details.uid, false));
      return;
    }
    const form = await readForm(req);
    const found = [...accounts].find(([, user]) => user.username === form.username);
    if (!found || form.password !== PASSWORD) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(loginPage(realm, details.uid, true));
      return;
    }
    await provider.interactionFinished(req, res, { login: { accountId: found[0] } }, { mergeWithLastSubmission: false });
    return;
  }
  // consent for the kit's own clients: grant what the client asked for
  const { accountId } = details.session;
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId, clientId: details.params.client_id });
  const missing = prompt.details;
  if (missing.missingOIDCScope) {
    grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  }
  if (missing.missingOIDCClaims) {
    grant.addOIDCClaims(missing.missingOIDCClaims);
  }
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes || {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

function control(realms, base, req, res, parts) {
  // POST /_control/<realm>/rotate-keys: a new signing key first, the old ones still published
  const [realm, command] = parts;
  const state = realms.get(realm);
  if (req.method !== 'POST' || !state || command !== 'rotate-keys') {
    res.writeHead(404).end();
    return;
  }
  state.keys = [newSigningKey(), ...state.keys];
  state.provider = newProvider(base, realm, state.accounts, state.keys);
  state.callback = state.provider.callback();
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ kids: state.keys.map((key) => key.kid) }));
}

function main() {
  const realms = new Map();
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://127.0.0.1');
      const parts = url.pathname.split('/').filter(Boolean);
      if (parts[0] === '_control') {
        control(realms, server.base, req, res, parts.slice(1));
        return;
      }
      const state = parts[0] === 'realms' ? realms.get(parts[1]) : undefined;
      if (!state) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'not_found', error_description: 'no such realm' }));
        return;
      }
      if (parts[2] === 'interaction') {
        await interaction(parts[1], state, req, res, parts[4]);
        return;
      }
      // mounted under /realms/<realm>: the provider sees its own routes, knows its mount path
      const prefix = `/realms/${parts[1]}`;
      req.originalUrl = req.url;
      req.url = req.url.slice(prefix.length) || '/';
      state.callback(req, res);
    } catch (error) {
      process.stderr.write(`${error.stack}\n`);
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
      }
      res.end(JSON.stringify({ error: 'server_error' }));
    }
  });
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.base = `http://127.0.0.1:${port}`;
    for (const realm of REALMS) {
      const accounts = accountsOf();
      const keys = [newSigningKey()];
      const provider = newProvider(server.base, realm, accounts, keys);
      realms.set(realm, { provider, callback: provider.callback(), accounts, keys });
    }
    process.stdout.write(`${JSON.stringify({
      url: server.base,
      realms: REALMS,
      resource: RESOURCE,
      clients: CLIENTS,
      password: PASSWORD,
      users: USERS,
    })}\n`);
  });
  // stop by itself when the process that started it goes away
  process.stdin.on('end', () => process.exit(0));
  process.stdin.on('close', () => process.exit(0));
  process.stdin.resume();
}

main();
