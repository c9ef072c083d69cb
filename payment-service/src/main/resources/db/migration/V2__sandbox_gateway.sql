-- The sandbox payment gateway's own state (only used when looklook.payment.gateway=sandbox). It plays WeChat Pay:
-- its transactions and refunds, and the notifications it owes our callback routes, kept until a 2xx answer.
CREATE TABLE sandbox_transaction (
  prepay_id       VARCHAR(64)   NOT NULL,
  out_trade_no    CHAR(25)      NOT NULL,
  appid           VARCHAR(32)   NOT NULL,
  mchid           VARCHAR(32)   NOT NULL,
  payer_openid    VARCHAR(64)   NOT NULL,
  amount          BIGINT        NOT NULL,
  expires_at      DATETIME(3)   NOT NULL COMMENT 'UTC time_expire',
  notify_url      VARCHAR(512)  NOT NULL,
  trade_state     VARCHAR(16)   NOT NULL COMMENT 'NOTPAY, SUCCESS, PAYERROR, REFUND',
  transaction_id  CHAR(32)      NOT NULL DEFAULT '',
  success_time    DATETIME(3)   NULL,
  PRIMARY KEY (prepay_id),
  UNIQUE KEY idx_out_trade_no (out_trade_no)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE sandbox_refund (
  out_refund_no   CHAR(25)      NOT NULL,
  refund_id       VARCHAR(64)   NOT NULL,
  out_trade_no    CHAR(25)      NOT NULL,
  amount          BIGINT        NOT NULL,
  notify_url      VARCHAR(512)  NOT NULL,
  PRIMARY KEY (out_refund_no)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE sandbox_notification (
  id               CHAR(36)      NOT NULL,
  url              VARCHAR(512)  NOT NULL,
  body             TEXT          NOT NULL COMMENT 'the v3 envelope, resource already encrypted; signed at each attempt',
  attempts         INT           NOT NULL DEFAULT 0,
  next_attempt_at  DATETIME(3)   NOT NULL COMMENT 'UTC',
  delivered_at     DATETIME(3)   NULL,
  last_error       VARCHAR(256)  NOT NULL DEFAULT '',
  PRIMARY KEY (id),
  KEY idx_due (delivered_at, next_attempt_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
