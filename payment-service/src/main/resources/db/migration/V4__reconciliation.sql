-- Reconciliation. A payment still waiting past its expiry is asked about at the gateway; check_after is both when to
-- ask next and the lease of the instance that claimed it (FOR UPDATE SKIP LOCKED), so one instance asks at a time.
ALTER TABLE third_payment
  ADD COLUMN check_after DATETIME(3) NOT NULL DEFAULT '1970-01-01 00:00:00' COMMENT 'UTC: next reconciliation check, or the claim''s lease',
  ADD KEY idx_waiting_expiry (pay_status, expires_at);

-- The sandbox's refunds succeed at once; when, for its trade bill and its refund query.
ALTER TABLE sandbox_refund
  ADD COLUMN success_time DATETIME(3) NULL COMMENT 'UTC',
  ADD KEY idx_success_time (success_time);
ALTER TABLE sandbox_transaction ADD KEY idx_success_time (success_time);
