-- The sandbox's keys, one set for every instance: a notification is delivered by whichever instance claims it and
-- verified by whichever instance receives it, as WeChat's one platform certificate is verified by every merchant server.
CREATE TABLE sandbox_key (
  id                TINYINT      NOT NULL,
  platform_serial   VARCHAR(64)  NOT NULL,
  platform_private  TEXT         NOT NULL COMMENT 'PKCS#8, base64',
  platform_public   TEXT         NOT NULL COMMENT 'X.509, base64',
  merchant_private  TEXT         NOT NULL,
  merchant_public   TEXT         NOT NULL,
  PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
