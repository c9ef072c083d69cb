-- This service's view of each user's mini-program openid, from user.events (UserAuthLinked with authType wxMini):
-- the payer.openid of a JSAPI prepay, as the original read it from usercenter's user_auth (auth_key, VARCHAR(64)
-- there too, so every openid the user center accepts fits). A user without one cannot pay, as in the original.
CREATE TABLE payer_openid (
  user_id     BIGINT       NOT NULL,
  openid      VARCHAR(64)  NOT NULL,
  linked_at   DATETIME(3)  NOT NULL COMMENT 'UTC, the event''s occurredAt',
  PRIMARY KEY (user_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
