-- Shared by every service (platform migrations run before the service's own, which start at V1).

-- Transactional outbox: written in the same transaction as the state change, deleted once Kafka acknowledged it.
CREATE TABLE outbox_event (
  id           BIGINT       NOT NULL AUTO_INCREMENT,
  event_id     CHAR(36)     NOT NULL,
  topic        VARCHAR(249) NOT NULL,
  message_key  VARCHAR(255) NOT NULL,
  event_type   VARCHAR(128) NOT NULL,
  payload      LONGBLOB     NULL COMMENT 'Confluent wire format bytes; NULL = tombstone',
  traceparent  VARCHAR(64)  NULL,
  created_at   DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- One row; a relay holds its lock (FOR UPDATE SKIP LOCKED) while it publishes a batch, so with several
-- instances exactly one relays at a time and per-key order is kept. A crashed holder's lock dies with its connection.
CREATE TABLE outbox_relay_lock (
  id TINYINT NOT NULL,
  PRIMARY KEY (id)
) ENGINE = InnoDB;
INSERT INTO outbox_relay_lock (id) VALUES (1);

-- Inbox: an event a consumer has applied, recorded in the same transaction as the effect.
CREATE TABLE processed_event (
  consumer      VARCHAR(100) NOT NULL,
  event_id      CHAR(36)     NOT NULL,
  processed_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (consumer, event_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
