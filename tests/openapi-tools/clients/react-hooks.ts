// Uses the generated TanStack Query hooks as a component would (type-checked only: it is never run).
import { QueryClient } from "@tanstack/react-query";
import { createClient, type TaskItem } from "./client.js";
import { createHooks, queryKeys } from "./react.js";

const api = createHooks(createClient({ baseUrl: "http://localhost:3000" }));
const queryClient = new QueryClient();

export function useTaskTitles(): string[] {
  const tasks = api.useListTasks({ limit: 10 }, { staleTime: 1000 });
  const items: TaskItem[] = tasks.data?.items ?? [];
  return items.map((t) => t.title);
}

export function useCreateTask() {
  return api.useCreateTask({ onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.listTasks() }) });
}

export function useSignOut() {
  const signOut = api.useAccountsSignOut();
  return () => signOut.mutate();
}

export function useHelloMessage(): string | undefined {
  const error = api.useHello().error;
  return error?.code ?? api.useHello().data?.message;
}
