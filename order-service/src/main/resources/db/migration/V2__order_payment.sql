-- The payment that paid the order: tells a redelivered PaymentSucceeded (same payment, nothing to do) from a second
-- successful payment for an already paid order (to be refunded).
ALTER TABLE homestay_order ADD COLUMN pay_sn VARCHAR(32) NOT NULL DEFAULT '' COMMENT 'payment-service sn of the paying payment' AFTER pay_type;
