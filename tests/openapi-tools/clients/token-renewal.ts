// A bearer session past half its lifetime is renewed: the response carries the new token in Session-Token.
// The client sends it from then on (a string token), or hands it to onTokenRenewed (a token function).
// No app needed: a fetch that answers like one. Exits 1 on the first failed check.
import { createClient } from "./client.js";

declare const process: { exit(code: number): never };

function check(condition: boolean, what: string): void {
  if (!condition) {
    console.error(`FAILED: ${what}`);
    process.exit(1);
  }
}

function answering(sent: (string | null)[], renewal: string | null): typeof globalThis.fetch {
  return async (_url, init) => {
    sent.push(new Headers(init?.headers).get("Authorization"));
    const headers: Record<string, string> = { "Content-Type": "application/json" };
    if (renewal !== null && sent.length === 1) headers["Session-Token"] = renewal;
    return new Response(JSON.stringify({ message: "Hello, World!" }), { status: 200, headers });
  };
}

const sent: (string | null)[] = [];
const renewed: string[] = [];
const api = createClient({ token: "first", fetch: answering(sent, "second"), onTokenRenewed: (token) => renewed.push(token) });
await api.hello();
await api.hello();
check(sent[0] === "Bearer first" && sent[1] === "Bearer second", `a string token is replaced by the renewal (sent ${JSON.stringify(sent)})`);
check(renewed.length === 1 && renewed[0] === "second", "onTokenRenewed is called with the renewal");

const fromFunction: (string | null)[] = [];
const handed: string[] = [];
const stored = createClient({ token: () => "kept", fetch: answering(fromFunction, "renewal"), onTokenRenewed: (token) => handed.push(token) });
await stored.hello();
await stored.hello();
check(fromFunction[1] === "Bearer kept" && handed[0] === "renewal", "a token function is asked again; the renewal goes to onTokenRenewed");

const anonymous: (string | null)[] = [];
const cookie = createClient({ fetch: answering(anonymous, "stray") });
await cookie.hello();
await cookie.hello();
check(anonymous[1] === null, "without a token none is taken up");

console.log("token renewal ok");
