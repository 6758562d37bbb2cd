namespace Bunbase.Runtime.Clients;

/// <summary>The fixed part of the TypeScript client: the error type, options and the one function that sends a request.</summary>
internal static class TypeScriptRuntime
{
    /// <summary>Names the fixed part declares; a type of the app with one of them is numbered.</summary>
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.Ordinal)
    {
        "BunbaseClient", "BunbaseError", "ClientOptions", "CallOptions", "ProblemDetails", "TokenSource", "Scalar", "RequestSpec", "operations",
        "createClient", "createHooks", "queryKeys", "Array", "Boolean", "Date", "Error", "Headers", "Map", "Number", "Object", "Omit", "Partial",
        "Promise", "Record", "RequestInit", "Response", "Set", "String", "URLSearchParams", "AbortSignal", "JSON", "Uint8Array",
    };

    public const string Text = """
        /** A problem response (RFC 9457, `application/problem+json`) as the app writes it. */
        export interface ProblemDetails {
          type?: string;
          title?: string;
          status?: number;
          detail?: string;
          instance?: string;
          /** A stable, machine-readable error code (`validation_failed`, `not_found`, `task_not_found`, ...). */
          code?: string;
          /** The request's trace id, to find it in the logs and traces. */
          traceId?: string;
          /** Validation errors: messages by field (the JSON name, or the parameter name outside the body). */
          errors?: Record<string, string[]>;
          [extension: string]: unknown;
        }

        /** Thrown for every response that is not a success: the status and the problem the app answered with. */
        export class BunbaseError extends Error {
          /** The HTTP status (400, 401, 404, 409, 429, 500, ...). */
          readonly status: number;
          /** The problem's `code`, or `http_STATUS` when the response was not a problem document. */
          readonly code: string;
          readonly detail: string;
          readonly traceId: string | undefined;
          /** Validation errors by field; empty when there are none. */
          readonly errors: Record<string, string[]>;
          /** The whole problem document, extensions included; undefined when the response was not JSON. */
          readonly problem: ProblemDetails | undefined;
          /** The response, for its headers (`Retry-After`, `WWW-Authenticate`). */
          readonly response: Response;

          constructor(response: Response, problem: ProblemDetails | undefined, text: string) {
            const detail = problem?.detail ?? (text.length > 0 ? text : response.statusText);
            super(`${response.status} ${problem?.code ?? ""}: ${detail}`);
            this.name = "BunbaseError";
            this.status = response.status;
            this.code = problem?.code ?? `http_${response.status}`;
            this.detail = detail;
            this.traceId = problem?.traceId;
            this.errors = problem?.errors ?? {};
            this.problem = problem;
            this.response = response;
          }
        }

        /** A bearer token, or a function that gives the current one (null or undefined: send none). */
        export type TokenSource = string | null | undefined | (() => string | null | undefined | Promise<string | null | undefined>);

        export interface ClientOptions {
          /** Where the app is served (`https://api.example.com`); empty (the default) for the page's own origin. */
          baseUrl?: string;
          /** Sent as `Authorization: Bearer TOKEN`: the `token` a sign-in returns. Without it, the session cookie is used. */
          token?: TokenSource;
          /** Whether the browser sends the session cookie. The default is `"include"` (also to another origin the app allows). */
          credentials?: "include" | "same-origin" | "omit";
          /** Headers sent with every call. */
          headers?: Record<string, string>;
          /** The fetch to use; the default is the global one. */
          fetch?: typeof globalThis.fetch;
          /**
           * Called with the replacement token a response carries in `Session-Token` (a bearer session past half its
           * lifetime is renewed): keep it where `token` reads it. A string `token` is replaced by the client itself.
           */
          onTokenRenewed?: (token: string) => void;
        }

        export interface CallOptions {
          /** Cancels the call (an `AbortController`'s signal); the promise then rejects with the signal's reason. */
          signal?: AbortSignal;
          /** Headers for this call only. */
          headers?: Record<string, string>;
        }

        type Scalar = string | number | boolean;

        interface RequestSpec {
          method: string;
          /** The route; `{name}` is replaced by `path[name]` (a missing optional one drops its segment). */
          route: string;
          path?: Record<string, Scalar | null | undefined>;
          query?: Record<string, Scalar | readonly Scalar[] | null | undefined>;
          headers?: Record<string, Scalar | readonly Scalar[] | null | undefined>;
          cookies?: Record<string, Scalar | null | undefined>;
          body?: Record<string, unknown>;
        }

        function expand(route: string, values: Record<string, Scalar | null | undefined>): string {
          return route.replace(/\/?\{(\*?)([^}]+)\}/g, (segment: string, star: string, name: string) => {
            const value = values[name];
            if (value === undefined || value === null) return "";
            const slash = segment.startsWith("/") ? "/" : "";
            const text = String(value);
            return slash + (star === "*" ? text.split("/").map(encodeURIComponent).join("/") : encodeURIComponent(text));
          });
        }

        /** Calls the app's actions; one method per action. */
        export class BunbaseClient {
          private readonly options: ClientOptions;
          private token: TokenSource;

          constructor(options: ClientOptions = {}) {
            this.options = options;
            this.token = options.token;
          }

          /** Replaces the bearer token (null: send none, and rely on the session cookie). */
          setToken(token: TokenSource): void {
            this.token = token;
          }

          protected async send(request: RequestSpec, call: CallOptions | undefined): Promise<Response> {
            let url = (this.options.baseUrl ?? "").replace(/\/+$/, "") + expand(request.route, request.path ?? {});
            const search = new URLSearchParams();
            for (const [name, value] of Object.entries(request.query ?? {})) {
              if (value === undefined || value === null) continue;
              for (const item of Array.isArray(value) ? value : [value]) search.append(name, String(item));
            }
            const query = search.toString();
            if (query.length > 0) url += "?" + query;

            const headers = new Headers(this.options.headers);
            for (const [name, value] of Object.entries(call?.headers ?? {})) headers.set(name, value);
            for (const [name, value] of Object.entries(request.headers ?? {})) {
              if (value === undefined || value === null) continue;
              headers.set(name, Array.isArray(value) ? value.map(String).join(", ") : String(value));
            }
            const cookies = Object.entries(request.cookies ?? {}).filter(([, value]) => value !== undefined && value !== null);
            if (cookies.length > 0) headers.set("Cookie", cookies.map(([name, value]) => `${name}=${encodeURIComponent(String(value))}`).join("; "));
            const token = typeof this.token === "function" ? await this.token() : this.token;
            if (token) headers.set("Authorization", `Bearer ${token}`);
            headers.set("Accept", "application/json, application/problem+json");
            let body: string | undefined;
            if (request.body !== undefined) {
              headers.set("Content-Type", "application/json");
              body = JSON.stringify(request.body);
            }

            const fetcher = this.options.fetch ?? globalThis.fetch;
            const response = await fetcher(url, {
              method: request.method,
              headers,
              body,
              credentials: this.options.credentials ?? "include",
              signal: call?.signal,
            });
            const renewed = token ? response.headers.get("Session-Token") : null;
            if (renewed) {
              // Unless the token was changed while this call ran (a sign-out, another sign-in).
              if (typeof this.token === "string" && this.token === token) this.token = renewed;
              this.options.onTokenRenewed?.(renewed);
            }
            if (!response.ok) {
              const text = await response.text();
              let problem: ProblemDetails | undefined;
              try {
                const parsed: unknown = JSON.parse(text);
                if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) problem = parsed as ProblemDetails;
              } catch {
                problem = undefined;
              }
              throw new BunbaseError(response, problem, text);
            }
            return response;
          }

          protected async json<T>(request: RequestSpec, call: CallOptions | undefined): Promise<T> {
            const response = await this.send(request, call);
            return (await response.json()) as T;
          }

          protected async none(request: RequestSpec, call: CallOptions | undefined): Promise<void> {
            const response = await this.send(request, call);
            await response.body?.cancel();
          }

        """;
}
