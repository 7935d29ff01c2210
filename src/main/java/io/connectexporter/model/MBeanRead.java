package io.connectexporter.model;

import java.util.List;
import java.util.Set;

/**
 * One read of a Jolokia bulk request: a group of MBeans and the attributes wanted from them.
 *
 * @param textAttributes the attributes read as text (labels of info metrics); any other is a number
 */
public record MBeanRead(MBeanGroup group, List<String> attributes, Set<String> textAttributes) {

  public MBeanRead {
    attributes = List.copyOf(attributes);
    textAttributes = Set.copyOf(textAttributes);
  }
}
