using Bunbase;

// What the OpenAPI document says about the API as a whole: its licence and what each tag is about.
// The licence is the one this API's users get: change it to yours.
[assembly: ApiLicense("MIT", Identifier = "MIT")]
[assembly: ApiTag("examples", "Small actions that show binding, validation and errors.")]
[assembly: ApiTag("notes", "Notes kept in the database.")]
[assembly: ApiTag("tasks", "A task list kept in memory.")]
[assembly: ApiTag("orgs", "Actions scoped to an organisation of the accounts module, guarded by the caller's role in it.")]
[assembly: ApiTag("users", "The app's side of each account (the accounts module, under /_accounts, keeps sign-up, sign-in and sessions): profiles, welcome and avatars.")]
