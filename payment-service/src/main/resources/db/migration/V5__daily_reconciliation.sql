-- The daily reconciliation reads a day of the ledger by pay and refund time.
ALTER TABLE third_payment ADD KEY idx_pay_time (pay_time);
ALTER TABLE payment_refund ADD KEY idx_refund_time (refund_time);

-- One row per business day reconciled on schedule: the instance whose lease is live runs it, so with N instances a
-- day is reconciled once, and a dead instance's run is taken over after its lease.
CREATE TABLE daily_reconciliation (
  day          DATE         NOT NULL COMMENT 'the business day (looklook.payment.zone)',
  lease_until  DATETIME(3)  NOT NULL COMMENT 'UTC',
  finished_at  DATETIME(3)  NULL COMMENT 'UTC',
  differences  INT          NOT NULL DEFAULT 0,
  unresolved   INT          NOT NULL DEFAULT 0,
  PRIMARY KEY (day)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
