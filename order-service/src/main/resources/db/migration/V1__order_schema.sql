-- looklook_order.homestay_order as in looklook (spec 4.1), plus the pay deadline and payment columns, times in UTC,
-- and the (user_id, id) index the user's order list pages on.
CREATE TABLE homestay_order (
  id                     BIGINT        NOT NULL AUTO_INCREMENT,
  create_time            DATETIME(3)   NOT NULL COMMENT 'UTC',
  update_time            DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  delete_time            DATETIME      NOT NULL DEFAULT '1970-01-01 08:00:00',
  del_state              TINYINT       NOT NULL DEFAULT 0,
  version                BIGINT        NOT NULL DEFAULT 0,
  sn                     CHAR(25)      NOT NULL,
  user_id                BIGINT        NOT NULL,
  homestay_id            BIGINT        NOT NULL,
  title                  VARCHAR(32)   NOT NULL DEFAULT '',
  sub_title              VARCHAR(128)  NOT NULL DEFAULT '',
  cover                  VARCHAR(1024) NOT NULL DEFAULT '',
  info                   VARCHAR(4069) NOT NULL DEFAULT '',
  people_num             TINYINT       NOT NULL DEFAULT 0,
  row_type               TINYINT       NOT NULL DEFAULT 0,
  need_food              TINYINT       NOT NULL DEFAULT 0,
  food_info              VARCHAR(2048) NOT NULL DEFAULT '',
  food_price             BIGINT        NOT NULL,
  homestay_price         BIGINT        NOT NULL,
  market_homestay_price  BIGINT        NOT NULL DEFAULT 0,
  homestay_business_id   BIGINT        NOT NULL DEFAULT 0,
  homestay_user_id       BIGINT        NOT NULL DEFAULT 0,
  live_start_date        DATE          NOT NULL,
  live_end_date          DATE          NOT NULL,
  live_people_num        TINYINT       NOT NULL DEFAULT 0,
  trade_state            TINYINT       NOT NULL DEFAULT 0 COMMENT '-1 cancelled, 0 waiting for payment, 1 paid, 2 used, 3 refunded, 4 expired',
  trade_code             CHAR(8)       NOT NULL DEFAULT '',
  remark                 VARCHAR(64)   NOT NULL DEFAULT '',
  order_total_price      BIGINT        NOT NULL DEFAULT 0,
  food_total_price       BIGINT        NOT NULL DEFAULT 0,
  homestay_total_price   BIGINT        NOT NULL DEFAULT 0,
  pay_deadline           DATETIME(3)   NOT NULL COMMENT 'UTC',
  pay_time               DATETIME(3)   NULL COMMENT 'UTC',
  pay_type               VARCHAR(20)   NOT NULL DEFAULT '',
  PRIMARY KEY (id),
  UNIQUE KEY idx_sn (sn),
  KEY idx_user_id (user_id, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_general_ci;

-- This service's copy of travel.homestays: orders are priced from it, never by calling travel-service.
CREATE TABLE homestay_replica (
  id                     BIGINT        NOT NULL,
  version                BIGINT        NOT NULL,
  title                  VARCHAR(32)   NOT NULL,
  sub_title              VARCHAR(128)  NOT NULL,
  banner                 VARCHAR(4096) NOT NULL,
  info                   VARCHAR(4069) NOT NULL,
  people_num             INT           NOT NULL,
  homestay_business_id   BIGINT        NOT NULL,
  user_id                BIGINT        NOT NULL,
  row_state              TINYINT       NOT NULL,
  row_type               TINYINT       NOT NULL,
  food_info              VARCHAR(2048) NOT NULL,
  food_price             BIGINT        NOT NULL,
  homestay_price         BIGINT        NOT NULL,
  market_homestay_price  BIGINT        NOT NULL,
  PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_general_ci;

-- Idempotency-Key: claimed (IN_FLIGHT) before the work, completed (DONE + order sn) in the order's transaction.
CREATE TABLE idempotency_key (
  user_id       BIGINT       NOT NULL,
  idem_key      VARCHAR(128) NOT NULL,
  request_hash  CHAR(64)     NOT NULL,
  state         VARCHAR(16)  NOT NULL,
  order_sn      CHAR(25)     NULL,
  claimed_at    DATETIME(3)  NOT NULL COMMENT 'UTC',
  expires_at    DATETIME(3)  NOT NULL COMMENT 'UTC',
  PRIMARY KEY (user_id, idem_key),
  KEY idx_expires (expires_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
