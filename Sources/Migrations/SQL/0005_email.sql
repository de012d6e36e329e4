-- Email (issue 4): the delivery log and the suppression list of the `email` worker.
CREATE SCHEMA IF NOT EXISTS messaging;

-- One row per SendEmail command. The command id makes delivery idempotent: a redelivered command
-- whose row says `sent` is acknowledged without sending. `sending` is written before the SMTP
-- transaction, so a row left in `sending` marks the one window where a crash can send twice.
CREATE TABLE messaging.email_deliveries (
    command_id    uuid        PRIMARY KEY,
    template      text        NOT NULL,
    locale        text        NOT NULL,
    category      text        NOT NULL CHECK (category IN ('security', 'transactional')),
    recipient     text        NOT NULL,
    status        text        NOT NULL CHECK (status IN ('sending', 'sent', 'deferred', 'failed', 'suppressed')),
    attempts      integer     NOT NULL DEFAULT 0,
    last_reply    text,
    message_id    text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    sent_at       timestamptz
);
CREATE INDEX email_deliveries_by_status ON messaging.email_deliveries (status, updated_at DESC);
CREATE INDEX email_deliveries_by_recipient ON messaging.email_deliveries (recipient, updated_at DESC);

-- Addresses that hard-bounced: transactional mail to them is not sent until `expires_at`
-- (NULL = until an operator removes the entry). Addresses are stored lower-cased.
CREATE TABLE messaging.email_suppressions (
    address            text        PRIMARY KEY,
    reason             text        NOT NULL,
    source_command_id  uuid,
    created_at         timestamptz NOT NULL DEFAULT now(),
    expires_at         timestamptz
);
