using Bunbase;

// What the OpenAPI document says about the API as a whole: its licence and what each tag is about.
// The licence is the one this API's users get: change it to yours.
[assembly: ApiLicense("MIT", Identifier = "MIT")]
[assembly: ApiTag("accounts", "Sign-up, sign-in, the signed-in user and sign-out. A session is a cookie for browsers, or the returned token sent as `Authorization: Bearer`.")]
[assembly: ApiTag("examples", "Small actions that show binding, validation and errors.")]
[assembly: ApiTag("notes", "Notes kept in the database.")]
[assembly: ApiTag("tasks", "A task list kept in memory.")]
[assembly: ApiTag("users", "Accounts as other users see them.")]
