-- An order's cover is the first URL of its homestay's banner, which travel-service accepts up to 4,096 characters
-- (and the replica stores whole): at VARCHAR(1024) an order on a homestay with a longer first URL failed with a 500.
-- A replica accepts everything its source may publish; one limit, the source's.
ALTER TABLE homestay_order MODIFY cover VARCHAR(4096) NOT NULL DEFAULT '';
