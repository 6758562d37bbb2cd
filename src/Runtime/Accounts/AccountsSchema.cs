namespace Bunbase.Runtime.Accounts;

/// <summary>
/// The accounts module's tables, the same SQL on both engines (created at start when <c>accounts.enabled</c>).
/// Times are milliseconds since the Unix epoch; a null time means "not yet" (not verified, not used, not revoked).
/// Emails are stored normalised (NFC, case-folded); passwords, codes and API keys only as hashes.
/// </summary>
internal static class AccountsSchema
{
    public const string Ddl = """
        create table if not exists bunbase_accounts (
            id text primary key,
            email text not null unique,
            name text,
            password_hash text,
            email_verified_at bigint,
            roles text not null,
            created_at bigint not null);
        create table if not exists bunbase_account_sessions (
            id text primary key,
            account_id text not null,
            signed_in_at bigint not null,
            expires_at bigint not null,
            user_agent text,
            revoked_at bigint,
            mfa_at bigint);
        create index if not exists bunbase_account_sessions_account on bunbase_account_sessions (account_id);
        create table if not exists bunbase_account_codes (
            id text primary key,
            account_id text not null,
            purpose text not null,
            code_hash text not null,
            expires_at bigint not null,
            attempts bigint not null,
            used_at bigint);
        create index if not exists bunbase_account_codes_account on bunbase_account_codes (account_id, purpose);
        create table if not exists bunbase_api_keys (
            id text primary key,
            account_id text not null,
            name text not null,
            prefix text not null unique,
            secret_hash text not null,
            permissions text not null,
            created_at bigint not null,
            last_used_at bigint,
            revoked_at bigint);
        create index if not exists bunbase_api_keys_account on bunbase_api_keys (account_id);
        create table if not exists bunbase_account_identities (
            provider text not null,
            subject text not null,
            account_id text not null,
            created_at bigint not null,
            primary key (provider, subject));
        create table if not exists bunbase_orgs (
            id text primary key,
            name text not null,
            created_at bigint not null);
        create table if not exists bunbase_org_members (
            org_id text not null,
            account_id text not null,
            role text not null,
            created_at bigint not null,
            primary key (org_id, account_id));
        create index if not exists bunbase_org_members_account on bunbase_org_members (account_id);
        create table if not exists bunbase_org_invites (
            id text primary key,
            org_id text not null,
            email text not null,
            role text not null,
            token_hash text not null unique,
            expires_at bigint not null,
            accepted_at bigint,
            created_at bigint not null);
        create table if not exists bunbase_account_mfa (
            account_id text primary key,
            secret text not null,
            confirmed_at bigint,
            last_step bigint not null,
            failures bigint not null,
            failures_since bigint not null);
        create table if not exists bunbase_account_backup_codes (
            account_id text not null,
            code_hash text not null,
            used_at bigint,
            primary key (account_id, code_hash));
        create table if not exists bunbase_mfa_challenges (
            id text primary key,
            account_id text not null,
            user_agent text,
            expires_at bigint not null,
            attempts bigint not null,
            used_at bigint);
        """;
}
