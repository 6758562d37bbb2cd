// Must not compile: a query parameter of the wrong type.
import { createClient } from "./client.js";

await createClient().listTasks({ limit: "ten" });
