-- Statistics views (issue 9): materialized views refreshed by the `stats` worker, and the log the
-- worker uses to coalesce refresh requests. Every view has a UNIQUE index over plain columns,
-- which REFRESH MATERIALIZED VIEW CONCURRENTLY requires (readers are never blocked by a refresh).
-- The list of views the worker may refresh is `StatsViewRegistry` (Sources/Stats); a new view
-- is a migration like this one plus one registry entry (docs/stats.md).
CREATE SCHEMA IF NOT EXISTS stats;

-- One row per registered view: when its last refresh started (its data holds every change
-- committed before that moment) and finished, how many refreshes the worker ran, how long the
-- last one took. A `RefreshStats` command issued at or before `last_started_at` is already
-- covered and is acknowledged without refreshing again.
CREATE TABLE stats.view_refreshes (
    view              text        PRIMARY KEY,
    last_started_at   timestamptz NOT NULL,
    last_finished_at  timestamptz NOT NULL,
    refresh_count     bigint      NOT NULL DEFAULT 0,
    last_duration_ms  integer     NOT NULL DEFAULT 0
);

-- Har Academy course metrics, one row per course (every status, so an instructor sees zeros for
-- a new draft rather than nothing). completion_rate is completions / enrollments (0 to 1, 0 when
-- nobody enrolled); average_rating is NULL until the first review.
CREATE MATERIALIZED VIEW academy.course_stats AS
SELECT c.id                                   AS course_id,
       coalesce(e.enrollments, 0)::bigint     AS enrollments,
       coalesce(e.completions, 0)::bigint     AS completions,
       CASE WHEN coalesce(e.enrollments, 0) = 0 THEN 0
            ELSE round(e.completions::numeric / e.enrollments, 4) END::double precision AS completion_rate,
       r.average_rating,
       coalesce(r.reviews_count, 0)::bigint   AS reviews_count
FROM academy.courses c
LEFT JOIN (SELECT course_id, count(*) AS enrollments, count(completed_at) AS completions
           FROM academy.enrollments GROUP BY course_id) e ON e.course_id = c.id
LEFT JOIN (SELECT course_id, round(avg(rating), 2)::double precision AS average_rating, count(*) AS reviews_count
           FROM academy.reviews GROUP BY course_id) r ON r.course_id = c.id;
CREATE UNIQUE INDEX course_stats_by_course ON academy.course_stats (course_id);

-- Revenue per UTC day, per course (`source` 'course', `source_key` the course id) and per
-- subscription plan (`source` 'plan', `source_key` the plan name), per currency, in minor units.
-- Weeks, months and periods are summed from these days at read time (date_trunc / ranges): a
-- daily grain keeps the view small (days × courses) and any period boundary exact.
--
-- Courses: a purchase counts on the day it completed (gross_amount, payments_count); a refund
-- counts on the day it was refunded (refunded_amount, refunds_count), as a movement of that day,
-- so a refund never rewrites a day already reported. net_amount = gross_amount - refunded_amount.
-- Free enrolments (payment_method 'free', amount 0) are not revenue and are left out.
--
-- Plans: Billing records no row per subscription payment; the record of one is the processed
-- `invoice.paid` event in billing.webhook_events (what the webhook worker applied), so plan revenue
-- is read from there: one payment per invoice (the event's object id), on the event's day, for
-- `amount_paid` (or the subscription's monthly price when the event has none, as the worker
-- does), matched to its subscription by Relais's metadata id or by the provider's subscription id.
-- Subscription refunds are not handled by Billing yet and do not appear.
CREATE MATERIALIZED VIEW billing.revenue_daily AS
WITH course_movements AS (
    SELECT (t.completed_at AT TIME ZONE 'UTC')::date AS day, t.course_id, t.currency::text AS currency,
           t.amount AS gross, 0::bigint AS refunded, 1 AS payments, 0 AS refunds
    FROM billing.transactions t
    WHERE t.status IN ('completed', 'refunded') AND t.completed_at IS NOT NULL AND t.payment_method <> 'free'
    UNION ALL
    SELECT (t.refunded_at AT TIME ZONE 'UTC')::date, t.course_id, t.currency::text, 0, t.amount, 0, 1
    FROM billing.transactions t
    WHERE t.status = 'refunded' AND t.refunded_at IS NOT NULL AND t.payment_method <> 'free'
),
invoices AS (
    SELECT DISTINCT ON (e.object_id)
           (e.created AT TIME ZONE 'UTC')::date AS day,
           e.payload #> '{data,object}' AS invoice
    FROM billing.webhook_events e
    WHERE e.type = 'invoice.paid' AND e.status = 'processed'
    ORDER BY e.object_id, e.created
),
plan_payments AS (
    SELECT i.day,
           coalesce(by_id.plan, by_provider.plan, 'unknown') AS plan,
           coalesce(upper(i.invoice ->> 'currency'), by_id.currency::text, by_provider.currency::text) AS currency,
           -- Only a JSON number is read as an amount: a malformed one must not fail every refresh.
           -- (nested CASEs: PostgreSQL does not promise to evaluate AND from left to right).
           coalesce(CASE WHEN jsonb_typeof(i.invoice -> 'amount_paid') = 'number' THEN
                        CASE WHEN (i.invoice ->> 'amount_paid')::numeric BETWEEN 0 AND 1e15
                             THEN round((i.invoice ->> 'amount_paid')::numeric)::bigint END END,
                    by_id.amount_per_month, by_provider.amount_per_month, 0) AS amount
    FROM invoices i
    LEFT JOIN billing.subscriptions by_id
           ON by_id.id::text = lower(i.invoice #>> '{metadata,relais_subscription_id}')
    LEFT JOIN billing.subscriptions by_provider
           ON by_provider.stripe_subscription_id = coalesce(i.invoice #>> '{subscription,id}', i.invoice #>> '{subscription}')
)
SELECT day, 'course'::text AS source, course_id::text AS source_key, currency,
       sum(gross)::bigint AS gross_amount, sum(refunded)::bigint AS refunded_amount,
       sum(gross - refunded)::bigint AS net_amount,
       sum(payments)::bigint AS payments_count, sum(refunds)::bigint AS refunds_count
FROM course_movements
GROUP BY day, course_id, currency
UNION ALL
SELECT day, 'plan'::text, plan, currency,
       sum(amount)::bigint, 0::bigint, sum(amount)::bigint, count(*)::bigint, 0::bigint
FROM plan_payments
WHERE currency IS NOT NULL
GROUP BY day, plan, currency;
CREATE UNIQUE INDEX revenue_daily_key ON billing.revenue_daily (day, source, source_key, currency);
CREATE INDEX revenue_daily_by_currency ON billing.revenue_daily (currency, day);

-- Both views were filled just now, as of this transaction's start.
INSERT INTO stats.view_refreshes (view, last_started_at, last_finished_at)
VALUES ('academy.course_stats', now(), now()), ('billing.revenue_daily', now(), now());
