-- The retention purge deletes processed_event rows by age, a batch at a time: a range on this index, not a scan.
CREATE INDEX idx_processed_at ON processed_event (processed_at);
