package io.looklook.scheduler.adapter.kafka;

/** A fired timer's record on its way to its target topic (the sink picks the topic from here). */
record Delivery(String topic, byte[] payload) {
}
