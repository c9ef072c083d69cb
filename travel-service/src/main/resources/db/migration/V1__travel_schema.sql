-- looklook_travel, as in looklook (deploy/sql/looklook_travel.sql), with the indexes its queries need.

CREATE TABLE homestay_business (
  id            BIGINT        NOT NULL AUTO_INCREMENT,
  create_time   DATETIME      NOT NULL DEFAULT CURRENT_TIMESTAMP,
  update_time   DATETIME      NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  delete_time   DATETIME      NOT NULL DEFAULT '1970-01-01 08:00:00',
  del_state     TINYINT       NOT NULL DEFAULT 0,
  version       BIGINT        NOT NULL DEFAULT 0,
  title         VARCHAR(32)   NOT NULL DEFAULT '',
  user_id       BIGINT        NOT NULL DEFAULT 0 COMMENT 'the landlord (boss)',
  info          VARCHAR(128)  NOT NULL DEFAULT '',
  boss_info     VARCHAR(128)  NOT NULL DEFAULT '',
  license_fron  VARCHAR(256)  NOT NULL DEFAULT '',
  license_back  VARCHAR(256)  NOT NULL DEFAULT '',
  row_state     TINYINT(1)    NOT NULL DEFAULT 0 COMMENT '0 banned, 1 trading normally',
  star          DOUBLE(2,1)   NOT NULL DEFAULT 0.0,
  tags          VARCHAR(32)   NOT NULL DEFAULT '',
  cover         VARCHAR(1024) NOT NULL DEFAULT '',
  header_img    VARCHAR(1024) NOT NULL DEFAULT '',
  PRIMARY KEY (id),
  UNIQUE KEY idx_userId (user_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_general_ci;

CREATE TABLE homestay (
  id                     BIGINT        NOT NULL AUTO_INCREMENT,
  create_time            DATETIME      NOT NULL DEFAULT CURRENT_TIMESTAMP,
  update_time            DATETIME      NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  delete_time            DATETIME      NOT NULL DEFAULT '1970-01-01 08:00:00',
  del_state              TINYINT       NOT NULL DEFAULT 0,
  version                BIGINT        NOT NULL DEFAULT 0 COMMENT 'bumped on every change; carried by HomestaySnapshot',
  title                  VARCHAR(32)   NOT NULL DEFAULT '',
  sub_title              VARCHAR(128)  NOT NULL DEFAULT '',
  banner                 VARCHAR(4096) NOT NULL DEFAULT '' COMMENT 'comma-separated image URLs; the first is the cover',
  info                   VARCHAR(4069) NOT NULL DEFAULT '',
  people_num             TINYINT(1)    NOT NULL DEFAULT 0 COMMENT 'capacity',
  homestay_business_id   BIGINT        NOT NULL DEFAULT 0,
  user_id                BIGINT        NOT NULL DEFAULT 0 COMMENT 'landlord, copied from the business',
  row_state              TINYINT(1)    NOT NULL DEFAULT 0 COMMENT '0 off shelf, 1 on shelf',
  row_type               TINYINT(1)    NOT NULL DEFAULT 0 COMMENT '0 per room, 1 per person',
  food_info              VARCHAR(2048) NOT NULL,
  food_price             BIGINT        NOT NULL DEFAULT 0 COMMENT 'fen',
  homestay_price         BIGINT        NOT NULL DEFAULT 0 COMMENT 'fen',
  market_homestay_price  BIGINT        NOT NULL DEFAULT 0 COMMENT 'fen',
  PRIMARY KEY (id),
  KEY idx_business (homestay_business_id, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_general_ci;

CREATE TABLE homestay_activity (
  id           BIGINT      NOT NULL AUTO_INCREMENT,
  create_time  DATETIME    NOT NULL DEFAULT CURRENT_TIMESTAMP,
  update_time  DATETIME    NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  delete_time  DATETIME    NOT NULL DEFAULT '1970-01-01 08:00:00',
  del_state    TINYINT     NOT NULL DEFAULT 0,
  version      BIGINT      NOT NULL DEFAULT 0,
  row_type     VARCHAR(32) NOT NULL DEFAULT '' COMMENT 'preferredHomestay (data_id = homestay id) or goodBusiness (data_id = landlord user id)',
  data_id      BIGINT      NOT NULL DEFAULT 0,
  row_status   TINYINT(1)  NOT NULL DEFAULT 0 COMMENT '0 down, 1 up',
  PRIMARY KEY (id),
  KEY idx_rowType (row_type, row_status, del_state)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_general_ci;

CREATE TABLE homestay_comment (
  id           BIGINT      NOT NULL AUTO_INCREMENT,
  create_time  DATETIME    NOT NULL DEFAULT CURRENT_TIMESTAMP,
  update_time  DATETIME    NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  delete_time  DATETIME    NOT NULL DEFAULT '1970-01-01 08:00:00',
  del_state    TINYINT     NOT NULL DEFAULT 0,
  version      BIGINT      NOT NULL DEFAULT 0,
  homestay_id  BIGINT      NOT NULL DEFAULT 0,
  user_id      BIGINT      NOT NULL DEFAULT 0,
  content      VARCHAR(64) NOT NULL DEFAULT '',
  star         JSON        NOT NULL COMMENT 'stars per dimension, e.g. {"clean":5,"location":4}',
  PRIMARY KEY (id),
  KEY idx_homestay (homestay_id, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_general_ci;

-- A row here means "publish the whole catalog to travel.homestays": the first start after the demo catalog is
-- loaded claims it (DELETE ... = 1 row) and writes a snapshot of every homestay to the outbox.
CREATE TABLE catalog_publication (
  id TINYINT NOT NULL,
  PRIMARY KEY (id)
) ENGINE = InnoDB;
