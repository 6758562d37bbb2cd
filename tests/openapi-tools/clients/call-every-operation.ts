// Calls every operation of the example app through the generated client (compiled with tsc --strict first).
// usage: node out/call-every-operation.js BASE_URL
import { BunbaseClient, BunbaseError, operations } from "./client.js";

declare const process: { argv: string[]; exitCode?: number };

const called = new Set<string>();
const client = new Proxy(new BunbaseClient({ baseUrl: process.argv[2] }), {
  get(target, property, receiver) {
    if (typeof property === "string" && property in operations) called.add(property);
    return Reflect.get(target, property, receiver);
  },
});

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`check failed: ${what}`);
}

async function problem(call: () => Promise<unknown>, status: number, code: string): Promise<BunbaseError> {
  try {
    await call();
  } catch (error) {
    check(error instanceof BunbaseError, `a BunbaseError, got ${String(error)}`);
    const failure = error as BunbaseError;
    check(failure.status === status && failure.code === code, `${status} ${code}, got ${failure.status} ${failure.code}: ${failure.detail}`);
    check(typeof failure.traceId === "string" && failure.traceId.length > 0, "a trace id");
    return failure;
  }
  throw new Error(`expected ${status} ${code}, but the call succeeded`);
}

const hello = await client.hello();
check(hello.message === "Hello, World!", "hello");

const echoed = await client.echo({ name: "typed", count: 42 });
check(echoed.name === "typed" && echoed.count === 42, "echo");
const invalid = await problem(() => client.echo({ name: "", count: 5000 }), 400, "validation_failed");
check(invalid.errors["name"]?.length === 1 && invalid.errors["count"]?.length === 1, `field errors: ${JSON.stringify(invalid.errors)}`);

const task = await client.createTask({ title: "call every operation", description: null });
check(task.title === "call every operation" && task.description === null && task.location === `/tasks/${task.id}`, "create-task");
const listed = await client.listTasks({ limit: 5, search: "every operation" });
check(listed.items.some((t) => t.id === task.id), "list-tasks finds it");
await problem(() => client.listTasks({ limit: 0 }), 400, "validation_failed");
const found = await client.getTask({ id: task.id });
check(found.createdAt === task.createdAt, "get-task");
await client.deleteTask({ id: task.id });
await problem(() => client.getTask({ id: task.id }), 404, "task_not_found");
await problem(() => client.deleteTask({ id: task.id }), 404, "task_not_found");

// Accounts are the runtime's module (under /_accounts); the test starts the app with accounts.requireVerifiedEmail off,
// since the mailed codes do not reach this script: verify-email and the reset are called with wrong codes.
const email = `ts-${Date.now()}-${Math.floor(Math.random() * 1e9)}@example.com`;
const password = "correct horse battery";
const accepted = await client.accountsSignUp({ email, password, name: "Typed" });
check(accepted.status === "check_your_mail", "accounts.sign-up");
await problem(() => client.accountsSignUp({ email: "not an email", password: "short", name: null }), 400, "validation_failed");
check((await client.accountsSendVerification({ email })).status === "check_your_mail", "accounts.verify-email/send");
await problem(() => client.accountsVerifyEmail({ email, code: "0000000000" }), 400, "code_invalid");
check((await client.accountsRequestPasswordReset({ email })).status === "check_your_mail", "accounts.password-reset");
await problem(() => client.accountsResetPassword({ email, code: "0000000000", password: "another long password" }), 400, "code_invalid");
await problem(() => client.myProfile(), 401, "session_required");
await problem(() => client.accountsSignIn({ email, password: "wrong password" }), 401, "invalid_credentials");

const signedIn = await client.accountsSignIn({ email, password });
check(signedIn.token !== null && signedIn.account?.email === email, "accounts.sign-in");
client.setToken(signedIn.token!);
const account = await client.accountsMe();
check(account.email === email && account.name === "Typed" && account.roles.includes("member"), "accounts.me");

// The app's side of the account: its account-created subscriber makes the profile a moment later.
let profile = null;
for (let attempt = 0; attempt < 100 && profile === null; attempt++) {
  try {
    profile = await client.myProfile();
  } catch (error) {
    if (!(error instanceof BunbaseError && error.status === 404)) throw error;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
check(profile !== null && profile.email === email && profile.name === "Typed", "my-profile");
const user = await client.getUser({ id: profile!.id });
check(user.email === email && user.name === "Typed", "get-user");
await problem(() => client.getUser({ id: 999999999 }), 404, "user_not_found");

// Sessions ("signed in on these devices"), API keys, organisations.
const second = await client.accountsSignIn({ email, password });
const sessions = await client.accountsSessions();
check(sessions.sessions.length >= 2, "accounts.sessions");
const other = sessions.sessions.find((s) => !s.current);
check(other !== undefined, "another session is listed");
await client.accountsRevokeSession({ id: other!.id });
await problem(() => client.accountsRevokeSession({ id: other!.id }), 404, "session_not_found");
check(second.token !== null, "a second session");
const key = await client.accountsCreateApiKey({ name: "ci", permissions: [] });
check(key.key.startsWith("bbk_"), "accounts.create-api-key");
check((await client.accountsApiKeys()).keys.some((k) => k.id === key.id), "accounts.api-keys");
await client.accountsRevokeApiKey({ id: key.id });
await problem(() => client.accountsRevokeApiKey({ id: key.id }), 404, "api_key_not_found");
const org = await client.accountsCreateOrg({ name: "Typed team" });
check(org.role === "owner", "accounts.create-org");
check((await client.accountsOrgs()).orgs.some((o) => o.id === org.id), "accounts.orgs");
const invited = await client.accountsInvite({ org: org.id, email: "colleague@example.com", role: "member" });
check(invited.id.length > 0, "accounts.invite");
await problem(() => client.accountsAcceptInvite({ token: "not-a-token" }), 400, "invite_invalid");
const announcement = await client.postOrgAnnouncement({ org: org.id, text: "typed hello" });
check(announcement.text === "typed hello", "post-org-announcement");
const announcements = await client.orgAnnouncements({ org: org.id, limit: 5 });
check(announcements.items[0]?.id === announcement.id, "org-announcements");
await problem(() => client.orgAnnouncements({ org: "not-an-org" }), 403, "org_access_denied");
await problem(() => client.postOrgAnnouncement({ org: "not-an-org", text: "no" }), 403, "org_access_denied");

// Providers: none is configured in this app.
await problem(() => client.accountsOauthStart({ provider: "github" }), 404, "oauth_provider_not_found");
await problem(() => client.accountsOauthCallback({ provider: "github", code: "c", state: "s" }), 404, "oauth_provider_not_found");

// TOTP: enrol, confirm with a code computed here (RFC 6238), then sign in in two steps with a backup code.
const enrolment = await client.accountsMfaEnroll();
check(enrolment.uri.startsWith("otpauth://totp/"), "accounts.mfa/enroll");
const backup = (await client.accountsMfaConfirm({ code: await totp(enrolment.secret) })).backupCodes;
check(backup.length === 10, "accounts.mfa/confirm");
const challenge = await client.accountsSignIn({ email, password });
check(challenge.mfaRequired === true && challenge.token === null && challenge.mfaToken !== null, "sign-in asks for the second factor");
await problem(() => client.accountsSignInMfa({ mfaToken: challenge.mfaToken!, code: "000000" }), 400, "mfa_code_invalid");
const stepped = await client.accountsSignInMfa({ mfaToken: challenge.mfaToken!, code: backup[0]! });
check(stepped.token !== null, "accounts.sign-in/mfa");
client.setToken(stepped.token!);
await client.accountsMfaStepUp({ code: backup[1]! });
await problem(() => client.accountsMfaStepUp({ code: backup[1]! }), 400, "mfa_code_invalid"); // a backup code works once
await problem(() => client.accountsMfaDisable({ code: "000000" }), 400, "mfa_code_invalid");
await client.accountsMfaDisable({ code: backup[2]! });

const note = await client.createNote({ title: "typed note", body: "from the client" });
check(note.location === `/notes/${note.id}`, "create-note");
const read = await client.getNote({ id: note.id });
check(read.title === "typed note" && read.body === "from the client", "get-note");
await problem(() => client.getNote({ id: 0 }), 400, "validation_failed");

// Creating a note publishes note-created; its subscriber counts it for today, a moment later.
let activity = await client.noteActivity();
for (let attempt = 0; attempt < 100 && activity.count < 1; attempt++) {
  await new Promise((resolve) => setTimeout(resolve, 100));
  activity = await client.noteActivity();
}
check(activity.count >= 1 && /^\d{4}-\d{2}-\d{2}$/.test(activity.date), "note-activity");

// The count-notes cron job's first (catch-up) tick runs at start: until it has, note-stats answers 404.
let stats = null;
for (let attempt = 0; attempt < 100 && stats === null; attempt++) {
  try {
    stats = await client.noteStats();
  } catch (error) {
    if (!(error instanceof BunbaseError && error.status === 404)) throw error;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
check(stats !== null && stats.notes >= 0 && stats.countedAt.length > 0, "note-stats");

// A signed upload URL for the caller's own avatar (the upload itself is a PUT of the raw image, outside the typed client).
const avatarUrl = await client.avatarUploadUrl({ contentType: "image/png" });
check(avatarUrl.url.startsWith("/_files/avatars/"), "avatar-upload-url");

await client.signOutEverywhere();
await problem(() => client.accountsMe(), 401, "session_revoked");
const fresh = (await client.accountsSignIn({ email, password })).token!;
client.setToken(() => Promise.resolve(fresh));
await client.accountsSignOut();
await problem(() => client.accountsMe(), 401, "session_revoked");

// Cancellation: an aborted signal rejects the call.
const controller = new AbortController();
controller.abort();
try {
  await client.hello({ signal: controller.signal });
  throw new Error("an aborted call succeeded");
} catch (error) {
  check(error instanceof Error && error.name === "AbortError", `AbortError, got ${String(error)}`);
}

/** A TOTP code (RFC 6238: HMAC-SHA-1, 30 s, 6 digits) of a base32 secret, with the platform's Web Crypto. */
async function totp(secret: string): Promise<string> {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const character of secret.replace(/=+$/, "").toUpperCase()) {
    buffer = (buffer << 5) | alphabet.indexOf(character);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  const counter = new DataView(new ArrayBuffer(8));
  counter.setBigUint64(0, BigInt(Math.floor(Date.now() / 30000)));
  const key = await crypto.subtle.importKey("raw", new Uint8Array(bytes), { name: "HMAC", hash: "SHA-1" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, counter.buffer));
  const offset = mac[19]! & 0x0f;
  const value = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(value % 1_000_000).padStart(6, "0");
}

const missing = Object.keys(operations).filter((name) => !called.has(name));
check(missing.length === 0, `every operation is called; not: ${missing.join(", ")}`);
console.log(`${called.size} operations called`);
