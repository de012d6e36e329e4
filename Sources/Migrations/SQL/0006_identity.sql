-- Identity (issue 5): accounts, roles, sessions (refresh-token families), single-use email
-- tokens, second factor, audit log. Tokens and codes are stored as SHA-256 hashes only.
CREATE SCHEMA IF NOT EXISTS identity;

CREATE TABLE identity.users (
    id                 uuid        PRIMARY KEY,
    email              text        NOT NULL UNIQUE,
    password_hash      text,
    first_name         text        NOT NULL,
    last_name          text        NOT NULL,
    avatar_url         text,
    language           text        NOT NULL DEFAULT 'fr',
    status             text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'deleted')),
    email_verified_at  timestamptz,
    totp_secret        text,
    totp_enabled_at    timestamptz,
    totp_last_step     bigint,
    last_login_at      timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE identity.user_roles (
    user_id     uuid        NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
    role        text        NOT NULL,
    granted_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, role)
);

-- One row per login: every refresh token issued from it belongs to the family. Revoking the
-- family ends the session (its access tokens are denylisted in Redis by `sid`).
CREATE TABLE identity.sessions (
    id          uuid        PRIMARY KEY,
    user_id     uuid        NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz,
    revoked_reason text
);
CREATE INDEX sessions_by_user ON identity.sessions (user_id) WHERE revoked_at IS NULL;

CREATE TABLE identity.refresh_tokens (
    token_hash  text        PRIMARY KEY,
    session_id  uuid        NOT NULL REFERENCES identity.sessions (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    -- Set when the token was exchanged: presenting it again is reuse (theft), which revokes the family.
    rotated_at  timestamptz
);
CREATE INDEX refresh_tokens_by_session ON identity.refresh_tokens (session_id);

CREATE TABLE identity.email_tokens (
    token_hash  text        PRIMARY KEY,
    user_id     uuid        NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
    purpose     text        NOT NULL CHECK (purpose IN ('verify_email', 'reset_password')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz
);

CREATE TABLE identity.backup_codes (
    user_id     uuid        NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
    code_hash   text        NOT NULL,
    used_at     timestamptz,
    PRIMARY KEY (user_id, code_hash)
);

-- Who did what, when, from where, and how it ended. Never passwords, tokens or codes.
CREATE TABLE identity.audit_log (
    id          bigserial   PRIMARY KEY,
    user_id     uuid,
    actor       text,
    action      text        NOT NULL,
    outcome     text        NOT NULL,
    ip          text,
    user_agent  text,
    detail      text,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_by_user ON identity.audit_log (user_id, created_at DESC);
