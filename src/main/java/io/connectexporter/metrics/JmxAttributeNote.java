package io.connectexporter.metrics;

import io.connectexporter.model.MBeanGroup;

/**
 * An attribute Connect registers that is deliberately not a metric of its own, with the reason (a
 * string we use as a label, a state REST reports better, an attribute that is never set...). The
 * contract test fails on any attribute of the real cluster that is neither mapped nor noted.
 *
 * @param read true when the attribute is still read from Jolokia (e.g. a version used as a label)
 */
public record JmxAttributeNote(MBeanGroup group, String attribute, boolean read, String reason) {}
