// Uses the types openapi-typescript generates from the example app's document (openapi.d.ts, written by the test).
import type { components, paths } from "./openapi.js";

type ListTasks = paths["/tasks"]["get"];
type Listed = ListTasks["responses"]["200"]["content"]["application/json"];
type Query = NonNullable<ListTasks["parameters"]["query"]>;
type Problem = components["schemas"]["Problem"];

const query: Query = { limit: 5 };
const listed: Listed = { items: [{ id: "0f8fad5b-d9cb-469f-a165-70867728950e", title: "t", description: null, createdAt: "2026-01-01T00:00:00Z" }] };
const problem: Problem = { type: "about:blank", title: "Not Found", status: 404, detail: "none", code: "task_not_found", traceId: "0" };
export const all = [query, listed, problem];
