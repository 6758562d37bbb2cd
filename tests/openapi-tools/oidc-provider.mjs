// A real OpenID Connect provider on loopback for the accounts tests (oauth2-mock-server): discovery, JWKS (RS256),
// authorize (redirects with code and state; PKCE), token (id_token with the nonce of the authorize request).
//   node oidc-provider.mjs [PORT]
// Prints "listening ISSUER" once ready. Each line on stdin is a JSON object that sets the next tokens' claims:
//   {"sub":"u1","email":"ada@example.com","email_verified":true}         the identity
//   {"nonce":"other"}                                                    replaces the nonce (a mismatch)
// Exits on SIGTERM or when stdin closes.
import { OAuth2Server } from "oauth2-mock-server";
import readline from "node:readline";

const server = new OAuth2Server();
await server.issuer.keys.generate("RS256");
let claims = { sub: "johndoe", email: "johndoe@example.com", email_verified: true };
server.service.on("beforeTokenSigning", (token) => {
  const { nonce, ...identity } = claims;
  Object.assign(token.payload, identity);
  if (nonce !== undefined && token.payload.nonce !== undefined) token.payload.nonce = nonce;
});
await server.start(Number(process.argv[2] ?? 0), "127.0.0.1");
// The issuer names the address it listens on (not "localhost", which may resolve to ::1 first).
server.issuer.url = `http://127.0.0.1:${server.address().port}`;
console.log(`listening ${server.issuer.url}`);
const lines = readline.createInterface({ input: process.stdin });
lines.on("line", (line) => {
  if (line.trim().length === 0) return;
  claims = { ...JSON.parse(line) };
  console.log("ok");
});
const stop = () => server.stop().then(() => process.exit(0));
lines.on("close", stop);
process.on("SIGTERM", stop);
