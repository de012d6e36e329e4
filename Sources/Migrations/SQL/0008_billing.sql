-- Payments (issue 7). Money is integer minor units beside an ISO 4217 currency code.
--
-- academy.courses starts here with what Billing needs (a price and a status); the Academy issue
-- adds the catalogue columns. billing.* holds transactions, subscriptions, entitlements and
-- every webhook event received, and billing.local_stripe_objects backs the local Stripe
-- emulation used in development and tests (empty when a real Stripe account is configured).
CREATE SCHEMA IF NOT EXISTS academy;
CREATE SCHEMA IF NOT EXISTS billing;

CREATE TABLE academy.courses (
    id             uuid        PRIMARY KEY,
    title          text        NOT NULL,
    instructor_id  uuid        REFERENCES identity.users (id) ON DELETE SET NULL,
    price_amount   bigint      NOT NULL DEFAULT 0 CHECK (price_amount >= 0),
    currency       char(3)     NOT NULL DEFAULT 'EUR',
    pricing_model  text        NOT NULL DEFAULT 'one-time' CHECK (pricing_model IN ('one-time', 'subscription')),
    status         text        NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'archived')),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE billing.transactions (
    id                        uuid        PRIMARY KEY,
    user_id                   uuid        NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
    course_id                 uuid        NOT NULL REFERENCES academy.courses (id),
    amount                    bigint      NOT NULL CHECK (amount >= 0),
    currency                  char(3)     NOT NULL,
    status                    text        NOT NULL DEFAULT 'pending'
                                          CHECK (status IN ('pending', 'completed', 'failed', 'refunded')),
    payment_method            text        NOT NULL CHECK (payment_method IN ('card', 'bank_transfer', 'free')),
    stripe_payment_intent_id  text        UNIQUE,
    failure_reason            text,
    refund_id                 text,
    refund_requested_at       timestamptz,
    created_at                timestamptz NOT NULL DEFAULT now(),
    completed_at              timestamptz,
    refunded_at               timestamptz
);
CREATE INDEX transactions_by_user ON billing.transactions (user_id, created_at DESC);
-- One purchase in flight per learner and course: a second POST /purchase resumes it.
CREATE UNIQUE INDEX transactions_one_pending ON billing.transactions (user_id, course_id) WHERE status = 'pending';

CREATE TABLE billing.subscriptions (
    id                      uuid        PRIMARY KEY,
    user_id                 uuid        NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
    plan                    text        NOT NULL CHECK (plan IN ('basic', 'pro', 'enterprise')),
    status                  text        NOT NULL DEFAULT 'pending'
                                        CHECK (status IN ('pending', 'active', 'past_due', 'paused', 'cancelled', 'expired')),
    amount_per_month        bigint      NOT NULL CHECK (amount_per_month >= 0),
    currency                char(3)     NOT NULL,
    stripe_subscription_id  text        UNIQUE,
    renewal_date            timestamptz,
    cancelled_date          timestamptz,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX subscriptions_by_user ON billing.subscriptions (user_id, created_at DESC);
-- At most one subscription per user that is being paid for or in use.
CREATE UNIQUE INDEX subscriptions_one_live ON billing.subscriptions (user_id)
    WHERE status IN ('pending', 'active', 'past_due', 'paused');

-- Courses a user may open because they bought them; a refund or a later failure removes the row.
CREATE TABLE billing.entitlements (
    user_id         uuid        NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
    course_id       uuid        NOT NULL REFERENCES academy.courses (id),
    transaction_id  uuid        NOT NULL REFERENCES billing.transactions (id),
    granted_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, course_id)
);

-- Every provider event the webhook worker received, once per event id (the dedupe key).
--   received   stored, effects not applied yet (or rolled back by a failure being retried)
--   processed  effects applied
--   stale      older than the last event applied to its object: recorded, nothing changed
--   unmatched  about an object Relais does not know (e.g. a payment made elsewhere)
--   unhandled  a type this build does not handle
--   failed     the last attempt failed (see error); the runtime retries, then dead-letters
CREATE TABLE billing.webhook_events (
    id            text        PRIMARY KEY,
    provider      text        NOT NULL DEFAULT 'stripe',
    type          text        NOT NULL,
    object_id     text        NOT NULL,
    created       timestamptz NOT NULL,
    received_at   timestamptz NOT NULL DEFAULT now(),
    status        text        NOT NULL DEFAULT 'received'
                              CHECK (status IN ('received', 'processed', 'stale', 'unmatched', 'unhandled', 'failed')),
    error         text,
    attempts      integer     NOT NULL DEFAULT 0,
    processed_at  timestamptz,
    payload       jsonb       NOT NULL
);
CREATE INDEX webhook_events_recent ON billing.webhook_events (received_at DESC, id);
CREATE INDEX webhook_events_by_status ON billing.webhook_events (status, received_at DESC);

-- The ordering guard: the newest event applied per provider object. An event created before it
-- is recorded as stale instead of rolling the object's state back.
CREATE TABLE billing.webhook_objects (
    object_id      text        PRIMARY KEY,
    last_created   timestamptz NOT NULL,
    last_event_id  text        NOT NULL
);

-- Objects of the local Stripe emulation (payment intents, subscriptions, refunds), shaped like
-- Stripe's API objects so the events built from them look like Stripe's.
CREATE TABLE billing.local_stripe_objects (
    id          text        PRIMARY KEY,
    object      text        NOT NULL,
    body        jsonb       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
