// Must not compile: a body field the action does not declare.
import { createClient } from "./client.js";

await createClient().createTask({ title: "t", priority: 3 });
