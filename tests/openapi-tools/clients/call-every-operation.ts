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

const email = `ts-${Date.now()}-${Math.floor(Math.random() * 1e9)}@example.com`;
const signedUp = await client.signUp({ email, password: "correct horse battery", name: "Typed" });
check(signedUp.user.email === email && signedUp.token.length > 0 && signedUp.user.roles.includes("member"), "sign-up");
await problem(() => client.signUp({ email, password: "another password", name: "Again" }), 409, "email_taken");
await problem(() => client.me(), 401, "session_required");

const signedIn = await client.signIn({ email, password: "correct horse battery" });
client.setToken(signedIn.token);
const me = await client.me();
check(me.email === email && me.name === "Typed", "me");
const user = await client.getUser({ id: Number(me.id) });
check(user.email === email && user.name === "Typed", "get-user");
await problem(() => client.getUser({ id: 999999999 }), 404, "user_not_found");

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
await problem(() => client.me(), 401, "session_revoked");
const fresh = (await client.signIn({ email, password: "correct horse battery" })).token;
client.setToken(() => Promise.resolve(fresh));
await client.signOut();
await problem(() => client.me(), 401, "session_revoked");

// Cancellation: an aborted signal rejects the call.
const controller = new AbortController();
controller.abort();
try {
  await client.hello({ signal: controller.signal });
  throw new Error("an aborted call succeeded");
} catch (error) {
  check(error instanceof Error && error.name === "AbortError", `AbortError, got ${String(error)}`);
}

const missing = Object.keys(operations).filter((name) => !called.has(name));
check(missing.length === 0, `every operation is called; not: ${missing.join(", ")}`);
console.log(`${called.size} operations called`);
