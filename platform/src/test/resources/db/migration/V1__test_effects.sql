-- The effect a test consumer applies, to count how often an event was applied.
CREATE TABLE applied_effect (
  id        BIGINT   NOT NULL AUTO_INCREMENT,
  event_id  CHAR(36) NOT NULL,
  topic     VARCHAR(249) NOT NULL,
  PRIMARY KEY (id)
) ENGINE = InnoDB;
