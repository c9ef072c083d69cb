-- looklook_usercenter, as in looklook (deploy/sql/looklook_usercenter.sql), with two changes: the password column
-- holds a bcrypt hash (the original's was an unsalted MD5), and `operator` marks the users the admin scopes go to.

CREATE TABLE user (
  id            BIGINT        NOT NULL AUTO_INCREMENT,
  create_time   DATETIME      NOT NULL DEFAULT CURRENT_TIMESTAMP,
  update_time   DATETIME      NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  delete_time   DATETIME      NOT NULL DEFAULT '1970-01-01 08:00:00',
  del_state     TINYINT       NOT NULL DEFAULT 0,
  version       BIGINT        NOT NULL DEFAULT 0,
  mobile        CHAR(11)      NOT NULL DEFAULT '',
  password      VARCHAR(255)  NOT NULL DEFAULT '' COMMENT 'bcrypt hash; empty for users who only sign in with WeChat',
  nickname      VARCHAR(255)  NOT NULL DEFAULT '',
  sex           TINYINT(1)    NOT NULL DEFAULT 0 COMMENT '0 male, 1 female',
  avatar        VARCHAR(255)  NOT NULL DEFAULT '',
  info          VARCHAR(255)  NOT NULL DEFAULT '',
  operator      TINYINT(1)    NOT NULL DEFAULT 0 COMMENT '1: tokens carry the admin scopes',
  PRIMARY KEY (id),
  UNIQUE KEY idx_mobile (mobile)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_general_ci;

CREATE TABLE user_auth (
  id            BIGINT        NOT NULL AUTO_INCREMENT,
  create_time   DATETIME      NOT NULL DEFAULT CURRENT_TIMESTAMP,
  update_time   DATETIME      NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  delete_time   DATETIME      NOT NULL DEFAULT '1970-01-01 08:00:00',
  del_state     TINYINT       NOT NULL DEFAULT 0,
  version       BIGINT        NOT NULL DEFAULT 0,
  user_id       BIGINT        NOT NULL DEFAULT 0,
  auth_key      VARCHAR(64)   NOT NULL DEFAULT '' COMMENT 'the platform''s id: the mobile for system, the openid for wxMini',
  auth_type     VARCHAR(12)   NOT NULL DEFAULT '' COMMENT 'system or wxMini',
  PRIMARY KEY (id),
  UNIQUE KEY idx_type_key (auth_type, auth_key),
  UNIQUE KEY idx_userId_key (user_id, auth_type)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_general_ci;
