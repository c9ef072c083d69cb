-- looklook_payment.third_payment as in looklook (spec 4.2), times in UTC, plus the prepay and its expiry (the order's
-- pay deadline) and the index on order_sn the original lacked.
CREATE TABLE third_payment (
  id                BIGINT        NOT NULL AUTO_INCREMENT,
  create_time       DATETIME(3)   NOT NULL COMMENT 'UTC',
  update_time       DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  delete_time       DATETIME      NOT NULL DEFAULT '1970-01-01 08:00:00',
  del_state         TINYINT       NOT NULL DEFAULT 0,
  version           BIGINT        NOT NULL DEFAULT 0,
  sn                CHAR(25)      NOT NULL COMMENT 'PMT..., the gateway out_trade_no',
  user_id           BIGINT        NOT NULL,
  pay_mode          VARCHAR(20)   NOT NULL DEFAULT '',
  trade_type        VARCHAR(20)   NOT NULL DEFAULT '',
  trade_state       VARCHAR(20)   NOT NULL DEFAULT '' COMMENT 'the gateway trade_state: SUCCESS, NOTPAY, CLOSED, PAYERROR, REFUND...',
  pay_total         BIGINT        NOT NULL DEFAULT 0 COMMENT 'fen',
  transaction_id    CHAR(32)      NOT NULL DEFAULT '',
  trade_state_desc  VARCHAR(256)  NOT NULL DEFAULT '',
  order_sn          CHAR(25)      NOT NULL DEFAULT '',
  service_type      VARCHAR(32)   NOT NULL DEFAULT '',
  pay_status        TINYINT       NOT NULL DEFAULT 0 COMMENT '-1 failed, 0 waiting, 1 succeeded, 2 refunded',
  pay_time          DATETIME(3)   NULL COMMENT 'UTC, the gateway success_time',
  prepay_id         VARCHAR(64)   NOT NULL DEFAULT '',
  expires_at        DATETIME(3)   NOT NULL COMMENT 'UTC, the prepay time_expire = the order pay deadline',
  PRIMARY KEY (id),
  UNIQUE KEY idx_sn (sn),
  KEY idx_order_sn (order_sn, pay_status)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_general_ci;

-- This service's view of orders, from order.events: who may pay what, until when. Locked (FOR UPDATE) while a
-- payment is opened, so concurrent calls for one order open one payment.
CREATE TABLE payable_order (
  order_sn      CHAR(25)     NOT NULL,
  user_id       BIGINT       NOT NULL,
  total         BIGINT       NOT NULL COMMENT 'fen',
  pay_deadline  DATETIME(3)  NOT NULL COMMENT 'UTC',
  state         VARCHAR(8)   NOT NULL COMMENT 'WAITING, PAID, CLOSED',
  PRIMARY KEY (order_sn)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- A refund of a successful payment that order-service rejected: one per payment (the unique key makes a redelivered
-- or repeated rejection a no-op). PENDING until the gateway accepted it, SUBMITTED until its notification.
CREATE TABLE payment_refund (
  sn               CHAR(25)     NOT NULL COMMENT 'RFD..., the gateway out_refund_no',
  payment_sn       CHAR(25)     NOT NULL,
  order_sn         CHAR(25)     NOT NULL,
  user_id          BIGINT       NOT NULL,
  amount           BIGINT       NOT NULL COMMENT 'fen',
  reason           VARCHAR(32)  NOT NULL,
  status           VARCHAR(16)  NOT NULL COMMENT 'PENDING, SUBMITTED, SUCCEEDED, FAILED',
  attempts         INT          NOT NULL DEFAULT 0,
  next_attempt_at  DATETIME(3)  NOT NULL COMMENT 'UTC',
  refund_id        VARCHAR(64)  NOT NULL DEFAULT '',
  refund_time      DATETIME(3)  NULL COMMENT 'UTC',
  create_time      DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (sn),
  UNIQUE KEY idx_payment_sn (payment_sn),
  KEY idx_due (status, next_attempt_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
